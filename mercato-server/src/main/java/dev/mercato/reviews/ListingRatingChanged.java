package dev.mercato.reviews;

/**
 * A listing's approved reviews changed (a review approved, edited, removed or rejected after
 * approval); carries the aggregate as it now stands so listeners (search ranking) need not ask.
 *
 * @param count            approved reviews
 * @param mean             mean stars of the approved reviews (0 when there are none)
 * @param bayesianAverage  mean pulled towards the configured prior; what "sort by rating" uses
 */
public record ListingRatingChanged(String listingId, int count, double mean, double bayesianAverage) {
}
