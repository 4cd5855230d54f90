package dev.mercato.reviews;

import dev.mercato.catalog.Listing;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.orders.PurchaseRecords;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes reviews and everything around them: the author writes, edits and deletes, the seller
 * replies once, users vote and report, operators moderate. Every change that moves a listing's
 * approved reviews recounts its aggregate and publishes {@link ListingRatingChanged} in the same
 * transaction.
 */
@Service
public class ReviewManagement {

    public enum Decision {
        APPROVE, REJECT
    }

    static final String AUDITED = "review";
    static final String REPORTED = "reported";
    static final int REASON_LIMIT = 1000;

    private final Reviews reviews;
    private final ListingRatings ratings;
    private final ReviewChecks checks;
    private final ReviewsProperties settings;
    private final ListingManagement listings;
    private final PurchaseRecords purchases;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;

    ReviewManagement(Reviews reviews, ListingRatings ratings, ReviewChecks checks, ReviewsProperties settings,
            ListingManagement listings, PurchaseRecords purchases, ApplicationEventPublisher events, Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.reviews = reviews;
        this.ratings = ratings;
        this.checks = checks;
        this.settings = settings;
        this.listings = listings;
        this.purchases = purchases;
        this.events = events;
        this.clock = clock;
    }

    /** A buyer's review of a listing it bought; approved at once when it passes the automatic checks (moderation=auto). */
    @Transactional
    public Review write(Caller caller, String listingId, Integer stars, String body) {
        int rating = stars(stars);
        String text = text(body, settings.textLimit());
        Listing listing = listings.visible(listingId, Optional.of(caller))
                .orElseThrow(() -> ApiException.notFound("listing_not_found", "no listing " + listingId));
        if (listing.sellerId().equals(caller.userId())) {
            throw new ApiException(422, "cannot_review_own_listing", "sellers do not review their own listings");
        }
        if (!purchases.hasBought(caller.userId(), listingId)) {
            throw new ApiException(403, "purchase_required",
                    "only buyers with a paid, not fully refunded order of listing " + listingId + " may review it");
        }
        if (reviews.exists(listingId, caller.userId())) {
            throw reviewExists(listingId);
        }
        String fingerprint = ReviewChecks.fingerprint(text);
        List<String> reasons = checks.reasons(text, reviews.sameTextExists(fingerprint, null));
        Instant now = clock.instant();
        Review review = new Review(Ids.next("rev", clock), listingId, listing.sellerId(), caller.userId(), rating, text,
                checks.verdict(reasons), reasons, null, null, null, null, 0, 0, 0, now, now);
        try {
            reviews.insert(review, fingerprint);
        } catch (DuplicateKeyException e) {
            throw reviewExists(listingId);
        }
        if (review.state() == ReviewState.APPROVED) {
            approved(review, now);
        }
        return audited(null, review);
    }

    /** The author changes stars and/or text; the review goes through moderation again. */
    @Transactional
    public Review edit(Caller caller, String id, Integer stars, String body) {
        Review review = visibleLocked(caller, id);
        if (!review.authorId().equals(caller.userId())) {
            throw new ApiException(403, "not_the_author", "only the author edits a review");
        }
        int rating = stars == null ? review.stars() : stars(stars);
        String text = body == null ? review.body() : text(body, settings.textLimit());
        String fingerprint = ReviewChecks.fingerprint(text);
        List<String> reasons = checks.reasons(text, reviews.sameTextExists(fingerprint, id));
        ReviewState state = checks.verdict(reasons);
        Instant now = clock.instant();
        reviews.rewrite(id, rating, text, fingerprint, state, reasons, now);
        Review edited = reviews.find(id).orElseThrow();
        if (state == ReviewState.APPROVED) {
            approved(edited, now);
        } else if (review.state() == ReviewState.APPROVED) {
            recount(review.listingId());
        }
        return audited(review, edited);
    }

    /** The author (or an operator) removes a review; it no longer counts. */
    @Transactional
    public void delete(Caller caller, String id) {
        Review review = visibleLocked(caller, id);
        if (!caller.mayAccess(review.authorId())) {
            throw new ApiException(403, "not_the_author", "only the author or an operator deletes a review");
        }
        reviews.delete(id);
        if (review.state() == ReviewState.APPROVED) {
            recount(review.listingId());
        }
        audit.changed(AUDITED, id, review.auditState(), null);
    }

    /** The listing's seller answers a public review, once; the reply is final (docs/reviews.md). */
    @Transactional
    public Review reply(Caller caller, String id, String body) {
        Review review = visibleLocked(caller, id);
        if (!review.sellerId().equals(caller.userId())) {
            throw new ApiException(403, "not_the_seller", "only the seller of the listing replies to its reviews");
        }
        if (review.state() != ReviewState.APPROVED) {
            throw new ApiException(409, "review_not_approved", "only approved reviews take a reply");
        }
        if (review.reply() != null) {
            throw new ApiException(409, "reply_exists", "the seller has already replied to review " + id);
        }
        String text = text(body, settings.maxLength());
        List<String> refused = checks.reasons(text, false).stream()
                .filter(r -> r.equals(ReviewChecks.BANNED_WORDS) || r.equals(ReviewChecks.CONTAINS_LINK)).toList();
        if (!refused.isEmpty()) {
            throw new ApiException(422, "reply_not_allowed", "a reply may not contain banned words or links",
                    Map.of("reasons", refused));
        }
        reviews.reply(id, text, clock.instant());
        return audited(review, reviews.find(id).orElseThrow());
    }

    /** A user finds a review helpful or not; one vote per user, which the user may change. */
    @Transactional
    public Review vote(Caller caller, String id, Boolean helpful) {
        if (helpful == null) {
            throw ApiException.invalid("invalid_helpful", "helpful must be true or false");
        }
        Review review = publicLocked(caller, id);
        if (review.authorId().equals(caller.userId())) {
            throw new ApiException(422, "cannot_vote_own_review", "authors do not vote on their own review");
        }
        reviews.vote(id, caller.userId(), helpful, clock.instant());
        return audited(review, reviews.find(id).orElseThrow());
    }

    /**
     * A user reports a review, once. When reports since the last moderation decision reach
     * {@code mercato.reviews.report-threshold}, the review goes back to the queue and stops counting.
     */
    @Transactional
    public Review report(Caller caller, String id, String reason) {
        String why = reason(reason);
        Review review = publicLocked(caller, id);
        if (review.authorId().equals(caller.userId())) {
            throw new ApiException(422, "cannot_report_own_review", "authors do not report their own review");
        }
        int open = reviews.report(id, caller.userId(), why, clock.instant());
        if (open < 0) {
            throw new ApiException(409, "already_reported", "you have already reported review " + id);
        }
        if (open >= settings.reportThreshold() && review.state() == ReviewState.APPROVED) {
            reviews.requeue(id, REPORTED, clock.instant());
            recount(review.listingId());
        }
        return audited(review, reviews.find(id).orElseThrow());
    }

    /**
     * An operator approves or rejects (with a reason) a review. Repeating the decision a review
     * already has changes nothing; the opposite decision on a moderated review is a conflict.
     */
    @Transactional
    public Review moderate(Caller caller, String id, Decision decision, String reason) {
        caller.requireAdmin();
        if (decision == null) {
            throw ApiException.invalid("invalid_decision", "decision must be approve or reject");
        }
        String why = decision == Decision.REJECT ? reason(reason) : optionalReason(reason);
        Review review = reviews.lock(id).orElseThrow(() -> notFound(id));
        ReviewState target = decision == Decision.APPROVE ? ReviewState.APPROVED : ReviewState.REJECTED;
        if (review.state() == target) {
            return audited(review, review);
        }
        if (review.state() != ReviewState.PENDING) {
            throw new ApiException(409, "review_already_moderated",
                    "review " + id + " is already " + review.state().code() + "; only pending reviews are moderated");
        }
        Instant now = clock.instant();
        reviews.moderate(id, target, target == ReviewState.REJECTED ? why : null, caller.userId(), now);
        Review moderated = reviews.find(id).orElseThrow();
        if (target == ReviewState.APPROVED) {
            approved(moderated, now);
        } else {
            events.publishEvent(new ReviewRejected(id, review.listingId(), review.authorId(), why, now));
        }
        return audited(review, moderated);
    }

    /** Records the change in the audit trail, inside this transaction; returns {@code after}. */
    private Review audited(Review before, Review after) {
        audit.changed(AUDITED, after.id(), before == null ? null : before.auditState(), after.auditState());
        return after;
    }

    private void approved(Review review, Instant at) {
        recount(review.listingId());
        events.publishEvent(new ReviewApproved(review.id(), review.listingId(), review.sellerId(), review.authorId(),
                review.stars(), at));
    }

    private void recount(String listingId) {
        ratings.recount(listingId, settings.priorMean(), settings.priorWeight(), clock.instant())
                .ifPresent(t -> events.publishEvent(new ListingRatingChanged(listingId, t.count(),
                        RatingMath.mean(t.count(), t.starTotal()),
                        RatingMath.bayesianAverage(t.count(), t.starTotal(), settings.priorMean(), settings.priorWeight()))));
    }

    /** A review the caller may see (approved, its own, or any for an operator), locked. */
    private Review visibleLocked(Caller caller, String id) {
        return reviews.lock(id).filter(r -> ReviewQueries.visible(r, Optional.of(caller))).orElseThrow(() -> notFound(id));
    }

    /** A review others may vote on and report: approved ones only. */
    private Review publicLocked(Caller caller, String id) {
        Review review = visibleLocked(caller, id);
        if (review.state() != ReviewState.APPROVED) {
            throw new ApiException(409, "review_not_approved", "review " + id + " is " + review.state().code());
        }
        return review;
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("review_not_found", "no review " + id);
    }

    private static ApiException reviewExists(String listingId) {
        return new ApiException(409, "review_exists", "you have already reviewed listing " + listingId
                + "; edit that review instead");
    }

    private static int stars(Integer stars) {
        if (stars == null || stars < 1 || stars > 5) {
            throw ApiException.invalid("invalid_stars", "stars must be a whole number from 1 to 5");
        }
        return stars;
    }

    private static String text(String body, int limit) {
        if (body == null || body.isBlank()) {
            throw ApiException.invalid("text_required", "text must not be empty");
        }
        String text = body.strip();
        if (text.codePointCount(0, text.length()) > limit) {
            throw ApiException.invalid("text_too_long", "text must be at most " + limit + " characters");
        }
        return text;
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.invalid("reason_required", "a reason is required");
        }
        return optionalReason(reason);
    }

    private static String optionalReason(String reason) {
        if (reason != null && reason.length() > REASON_LIMIT) {
            throw ApiException.invalid("reason_too_long", "reason must be at most " + REASON_LIMIT + " characters");
        }
        return reason == null ? null : reason.strip();
    }
}
