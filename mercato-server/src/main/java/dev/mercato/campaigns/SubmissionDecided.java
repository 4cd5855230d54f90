package dev.mercato.campaigns;

import java.time.Instant;
import java.util.List;

/**
 * A responder's submission was decided: {@code paid} (with what they earned), {@code failed} (with
 * the failed checks and tips), {@code in_review}, or {@code rejected} by the buyer (with the reason).
 */
public record SubmissionDecided(String submissionId, String campaignId, String campaignTitle, String responderId,
        String status, String currency, long earned, List<String> failedChecks, List<String> tips, String reason,
        Instant at) {
}
