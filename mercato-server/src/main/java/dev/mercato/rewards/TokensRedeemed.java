package dev.mercato.rewards;

import java.time.Instant;

/**
 * A user redeemed tokens: published in the redemption's transaction (webhook {@code rewards.redeemed}).
 * The fields of the other types are null.
 */
public record TokensRedeemed(String redemptionId, String userId, String type, long tokens, String asset, String currency,
        Long cash, Long fee, Long credits, String feature, Instant featureExpiresAt, String voucherCode, Instant at) {
}
