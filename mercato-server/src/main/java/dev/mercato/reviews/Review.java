package dev.mercato.reviews;

import java.time.Instant;
import java.util.List;

/**
 * A buyer's review of a listing.
 *
 * @param reasons         why it went to the moderation queue (automatic check codes, {@code reported})
 * @param helpfulness     Wilson lower bound (95 %) of the helpful share of the votes
 */
public record Review(String id, String listingId, String sellerId, String authorId, int stars, String body,
        ReviewState state, List<String> reasons, String rejectionReason, Instant moderatedAt, String reply,
        Instant repliedAt, int helpfulVotes, int unhelpfulVotes, double helpfulness, Instant createdAt,
        Instant updatedAt) {
}
