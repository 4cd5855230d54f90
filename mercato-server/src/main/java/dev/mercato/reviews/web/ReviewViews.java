package dev.mercato.reviews.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mercato.platform.Caller;
import dev.mercato.reviews.ListingRating;
import dev.mercato.reviews.Review;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON shapes of the reviews API. */
final class ReviewViews {

    private ReviewViews() {
    }

    record ReviewBody(Integer stars, String text) {
    }

    record ReplyBody(String text) {
    }

    record VoteBody(Boolean helpful) {
    }

    record ReportBody(String reason) {
    }

    record ModerationBody(String decision, String reason) {
    }

    record ReplyView(String text, Instant createdAt) {
    }

    /**
     * A review. {@code moderation_reasons} and {@code rejection_reason} are shown to its author and
     * to operators only; everyone else sees approved reviews, where they do not matter.
     */
    record ReviewView(String id, String object, String listingId, String authorId, int stars, String text,
            boolean verifiedPurchase, String status, List<String> moderationReasons, String rejectionReason,
            ReplyView reply, int helpfulVotes, int unhelpfulVotes, double helpfulness, Instant createdAt,
            Instant updatedAt) {

        static ReviewView of(Review r, Optional<Caller> viewer) {
            boolean insider = viewer.map(c -> c.admin() || c.userId().equals(r.authorId())).orElse(false);
            return new ReviewView(r.id(), "review", r.listingId(), r.authorId(), r.stars(), r.body(), true,
                    r.state().code(), insider ? r.reasons() : null, insider ? r.rejectionReason() : null,
                    r.reply() == null ? null : new ReplyView(r.reply(), r.repliedAt()), r.helpfulVotes(),
                    r.unhelpfulVotes(), r.helpfulness(), r.createdAt(), r.updatedAt());
        }
    }

    /** Approved reviews summed; the histogram maps "1".."5" stars to how many reviews gave them. */
    record RatingView(int count, double mean, Map<String, Integer> histogram, double bayesianAverage) {

        static RatingView of(ListingRating rating) {
            Map<String, Integer> histogram = new LinkedHashMap<>();
            for (int stars = 1; stars <= 5; stars++) {
                histogram.put(String.valueOf(stars), rating.histogram().get(stars - 1));
            }
            return new RatingView(rating.count(), rating.mean(), histogram, rating.bayesianAverage());
        }
    }

    /** A page of a listing's reviews with the listing's aggregate beside it. */
    record ReviewPage(List<ReviewView> data, boolean hasMore, RatingView rating) {

        @JsonProperty("object")
        public String object() {
            return "list";
        }
    }

    record ReportView(String object, String reviewId, String reason, String status) {
    }
}
