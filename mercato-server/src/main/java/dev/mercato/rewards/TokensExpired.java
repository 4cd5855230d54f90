package dev.mercato.rewards;

import java.time.Instant;

/**
 * What was left of an award's tokens expired and left the wallet: published in the expiry's
 * transaction (webhook {@code rewards.expired}).
 */
public record TokensExpired(String awardId, String userId, long tokens, String asset, Instant expiresAt,
        String transactionId, Instant at) {
}
