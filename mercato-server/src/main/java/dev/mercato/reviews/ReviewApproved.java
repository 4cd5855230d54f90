package dev.mercato.reviews;

import java.time.Instant;

/** A review became public: approved automatically or by an operator, when written or after an edit. */
public record ReviewApproved(String reviewId, String listingId, String sellerId, String authorId, int stars, Instant at) {
}
