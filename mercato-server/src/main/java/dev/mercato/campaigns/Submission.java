package dev.mercato.campaigns;

import dev.mercato.verification.Verdict;
import java.time.Instant;

/**
 * A response to a campaign ({@code sub_…}) and what became of it: its verdict, the buyer's review,
 * the responder's appeal, and when paid, the split of the reward.
 */
public record Submission(String id, String taskId, String campaignId, String responderId, String text, int words,
        long secondsSpent, SubmissionStatus status, Verdict verdict, boolean holdsSlot, Instant reviewDueAt,
        String rejectionReason, String rejectionCategory, String rejectedBy, Instant rejectedAt, Instant appealUntil,
        String appealText, Instant appealedAt, String approvedBy, Long earned, Long protocolFee, Long processorFee,
        String transactionId, Instant submittedAt, Instant decidedAt) {
}
