package dev.mercato.rewards;

import java.time.Instant;

/**
 * Tokens a rule awarded a user for a source, posted as ledger transaction {@code transactionId}: a
 * lot, of which {@code remaining} is left to spend and {@code expired} was taken out at expiry.
 *
 * @param expiresAt when what is left of it expires; null for never
 */
public record Award(String id, String ruleId, String userId, String source, long amount, String asset,
        String transactionId, Instant awardedAt, Instant expiresAt, long remaining, long expired) {
}
