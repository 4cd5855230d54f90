package dev.mercato.campaigns;

import java.time.Instant;

/** A response to a buyer's campaign was verified: paid, failed, or waiting for the buyer's review. */
public record CampaignResponseReceived(String campaignId, String buyerId, String submissionId, String responderId,
        String outcome, double score, String status, Instant at) {
}
