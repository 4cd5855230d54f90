package dev.mercato.campaigns;

import java.time.Instant;

/**
 * One charge into a campaign's escrow ({@code cfd_…}): the first funding or a top-up of
 * {@code slots} slots, raising the target to {@code target}.
 */
public record Funding(String id, String campaignId, int slots, int target, long amount, String currency,
        String status, String paymentId, String failureCode, long refunded, Instant createdAt) {
}
