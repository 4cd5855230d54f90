package dev.mercato.reviews;

import dev.mercato.catalog.ListingManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Reads of reviews: a listing's public reviews with its aggregate, one review, and the operators' queue. */
@Service
public class ReviewQueries {

    private final Reviews reviews;
    private final ListingRatings ratings;
    private final ReviewsProperties settings;
    private final ListingManagement listings;

    ReviewQueries(Reviews reviews, ListingRatings ratings, ReviewsProperties settings, ListingManagement listings) {
        this.reviews = reviews;
        this.ratings = ratings;
        this.settings = settings;
        this.listings = listings;
    }

    /** Approved reviews are public; the author sees its own in any state, operators see all. */
    public static boolean visible(Review review, Optional<Caller> caller) {
        return review.state() == ReviewState.APPROVED
                || caller.map(c -> c.admin() || c.userId().equals(review.authorId())).orElse(false);
    }

    /**
     * A page of the listing's reviews (approved ones, and the caller's own in any state), fetched
     * with {@code limit} as given; {@code startingAfter} is the last review of the previous page.
     */
    public List<Review> ofListing(String listingId, ReviewSort sort, Optional<Caller> caller, String startingAfter,
            int limit) {
        listings.visible(listingId, caller)
                .orElseThrow(() -> ApiException.notFound("listing_not_found", "no listing " + listingId));
        Review after = null;
        if (startingAfter != null) {
            after = reviews.find(startingAfter)
                    .filter(r -> r.listingId().equals(listingId) && visible(r, caller))
                    .orElseThrow(() -> ApiException.invalid("invalid_starting_after",
                            "starting_after must be a review of listing " + listingId));
        }
        return reviews.ofListing(listingId, caller.map(Caller::userId).orElse(null), sort, after, limit);
    }

    /** The listing's approved-review aggregate, the Bayesian average with the prior configured now. */
    public ListingRating rating(String listingId) {
        ListingRatings.Tally tally = ratings.find(listingId);
        return new ListingRating(listingId, tally.count(), RatingMath.mean(tally.count(), tally.starTotal()),
                tally.histogram(), RatingMath.bayesianAverage(tally.count(), tally.starTotal(), settings.priorMean(),
                        settings.priorWeight()));
    }

    public Optional<Review> find(String id, Optional<Caller> caller) {
        return reviews.find(id).filter(r -> visible(r, caller));
    }

    /** Operators only: reviews in a moderation state, of one listing or all, oldest first ({@code pending} is the queue). */
    public List<Review> moderationQueue(Caller caller, ReviewState state, String listingId, String startingAfter,
            int limit) {
        caller.requireAdmin();
        return reviews.inState(state, listingId, startingAfter, limit);
    }
}
