package dev.mercato.rewards;

import java.time.Instant;

/** Tokens a rule awarded a user for a source, posted as ledger transaction {@code transactionId}. */
public record Award(String id, String ruleId, String userId, String source, long amount, String asset,
        String transactionId, Instant awardedAt) {
}
