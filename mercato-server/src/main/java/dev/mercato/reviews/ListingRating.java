package dev.mercato.reviews;

import java.util.List;

/**
 * A listing's approved reviews, summed.
 *
 * @param histogram       how many approved reviews gave 1, 2, 3, 4 and 5 stars (index 0 is 1 star)
 * @param bayesianAverage the mean pulled towards the configured prior ({@code mercato.reviews.prior-*})
 */
public record ListingRating(String listingId, int count, double mean, List<Integer> histogram, double bayesianAverage) {
}
