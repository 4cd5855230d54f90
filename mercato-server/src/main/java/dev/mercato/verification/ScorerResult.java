package dev.mercato.verification;

import java.util.List;

/**
 * One scorer's opinion.
 *
 * @param scorer       e.g. {@code ai_likelihood}, {@code novelty}, {@code relevance}, {@code effort}, {@code quality}
 * @param version      the scorer's version (model and parameters), so a result can be reproduced
 * @param score        0 (bad) to 1 (good)
 * @param weight       its weight in the total
 * @param explanation  a human-readable sentence on why
 * @param failedChecks the named checks that failed, each with a tip in the verdict
 */
public record ScorerResult(String scorer, String version, double score, double weight, String explanation,
        List<String> failedChecks) {
}
