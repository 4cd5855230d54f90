package dev.mercato.campaigns;

import java.time.Instant;

/**
 * A responder's reservation of one slot of a campaign ({@code tsk_…}): {@code reserved} until it is
 * submitted or its time runs out ({@code expired}), {@code canceled} when the campaign ended first,
 * {@code screened_out} when the screening answers did not match.
 */
public record CampaignTask(String id, String campaignId, String responderId, String status, Instant acceptedAt,
        Instant expiresAt, Instant endedAt) {
}
