package dev.mercato.reviews;

import java.time.Instant;

/** An operator rejected a review; {@code reason} is what the author is told. */
public record ReviewRejected(String reviewId, String listingId, String authorId, String reason, Instant at) {
}
