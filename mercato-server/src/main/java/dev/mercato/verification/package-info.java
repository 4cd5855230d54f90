/**
 * Response verification: scores a written response to a campaign's prompt with offline,
 * weight-free scorers (AI-likelihood, novelty, relevance, effort, quality) and decides pass,
 * borderline or fail against the campaign's thresholds (docs/verification.md). Sentiment is never
 * an input.
 */
package dev.mercato.verification;
