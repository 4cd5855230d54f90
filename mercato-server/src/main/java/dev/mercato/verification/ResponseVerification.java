package dev.mercato.verification;

/**
 * Scores responses. Other modules (campaigns) call this in Java; {@code POST /v1/verification/score}
 * calls it for buyers tuning thresholds.
 */
public interface ResponseVerification {

    /**
     * Scores a text. Side-effect free apart from the result cache (keyed by SHA-256 of campaign
     * and text, one hour): the same request scored twice gives the same verdict, the second one
     * marked {@code cached}.
     */
    Verdict verify(VerificationRequest request);

    /**
     * Adds an accepted submission to the novelty corpus of its campaign and of its responder, so
     * later responses are compared against it. Idempotent by {@code submissionId}.
     */
    void remember(String campaignId, String responderId, String submissionId, String text);
}
