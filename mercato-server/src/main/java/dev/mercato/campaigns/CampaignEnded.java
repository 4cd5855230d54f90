package dev.mercato.campaigns;

import java.time.Instant;

/**
 * A campaign ended: {@code completed} (its target reached), {@code closed} by the buyer, or
 * {@code expired} at its deadline; {@code refunded} is the unspent escrow on its way back to the
 * buyer (more follows when responses still in review are rejected).
 */
public record CampaignEnded(String campaignId, String buyerId, String title, String status, int paid,
        String currency, long refunded, Instant at) {
}
