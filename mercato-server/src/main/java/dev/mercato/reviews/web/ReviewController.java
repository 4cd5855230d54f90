package dev.mercato.reviews.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.reviews.Review;
import dev.mercato.reviews.ReviewManagement;
import dev.mercato.reviews.ReviewQueries;
import dev.mercato.reviews.ReviewSort;
import dev.mercato.reviews.ReviewState;
import dev.mercato.reviews.web.ReviewViews.ModerationBody;
import dev.mercato.reviews.web.ReviewViews.RatingView;
import dev.mercato.reviews.web.ReviewViews.ReplyBody;
import dev.mercato.reviews.web.ReviewViews.ReportBody;
import dev.mercato.reviews.web.ReviewViews.ReportView;
import dev.mercato.reviews.web.ReviewViews.ReviewBody;
import dev.mercato.reviews.web.ReviewViews.ReviewPage;
import dev.mercato.reviews.web.ReviewViews.ReviewView;
import dev.mercato.reviews.web.ReviewViews.VoteBody;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Reviews of listings: buyers write them, sellers reply, everyone reads, votes and reports, operators moderate. */
@RestController
class ReviewController {

    private final ReviewManagement reviews;
    private final ReviewQueries queries;

    ReviewController(ReviewManagement reviews, ReviewQueries queries) {
        this.reviews = reviews;
        this.queries = queries;
    }

    @PostMapping("/v1/listings/{id}/reviews")
    @ResponseStatus(HttpStatus.CREATED)
    ReviewView write(Caller caller, @PathVariable String id, @RequestBody ReviewBody body) {
        return view(reviews.write(caller, id, body.stars(), body.text()), caller);
    }

    @GetMapping("/v1/listings/{id}/reviews")
    ReviewPage list(Optional<Caller> caller, @PathVariable String id,
            @RequestParam(defaultValue = "helpful") String sort, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ReviewSort order;
        try {
            order = ReviewSort.of(sort);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_sort", "sort must be helpful, newest, rating_desc or rating_asc");
        }
        int size = Page.limit(limit);
        Page<ReviewView> page = Page.fromOverfetch(queries.ofListing(id, order, caller, startingAfter, size + 1), size)
                .map(r -> ReviewView.of(r, caller));
        return new ReviewPage(page.data(), page.hasMore(), RatingView.of(queries.rating(id)));
    }

    @GetMapping("/v1/reviews/{id}")
    ReviewView get(Optional<Caller> caller, @PathVariable String id) {
        return queries.find(id, caller).map(r -> ReviewView.of(r, caller))
                .orElseThrow(() -> ApiException.notFound("review_not_found", "no review " + id));
    }

    @PatchMapping("/v1/reviews/{id}")
    ReviewView edit(Caller caller, @PathVariable String id, @RequestBody ReviewBody body) {
        return view(reviews.edit(caller, id, body.stars(), body.text()), caller);
    }

    @DeleteMapping("/v1/reviews/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String id) {
        reviews.delete(caller, id);
    }

    @PostMapping("/v1/reviews/{id}/reply")
    @ResponseStatus(HttpStatus.CREATED)
    ReviewView reply(Caller caller, @PathVariable String id, @RequestBody ReplyBody body) {
        return view(reviews.reply(caller, id, body.text()), caller);
    }

    @PostMapping("/v1/reviews/{id}/votes")
    ReviewView vote(Caller caller, @PathVariable String id, @RequestBody VoteBody body) {
        return view(reviews.vote(caller, id, body.helpful()), caller);
    }

    @PostMapping("/v1/reviews/{id}/reports")
    @ResponseStatus(HttpStatus.CREATED)
    ReportView report(Caller caller, @PathVariable String id, @RequestBody ReportBody body) {
        Review review = reviews.report(caller, id, body.reason());
        return new ReportView("review_report", review.id(), body.reason().strip(), "received");
    }

    @GetMapping("/v1/moderation/reviews")
    Page<ReviewView> queue(Caller caller, @RequestParam(defaultValue = "pending") String state,
            @RequestParam(name = "listing_id", required = false) String listingId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ReviewState parsed;
        try {
            parsed = ReviewState.of(state);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_state", "state must be pending, approved or rejected");
        }
        int size = Page.limit(limit);
        return Page.fromOverfetch(queries.moderationQueue(caller, parsed, listingId, startingAfter, size + 1), size)
                .map(r -> view(r, caller));
    }

    @PostMapping("/v1/reviews/{id}/moderate")
    ReviewView moderate(Caller caller, @PathVariable String id, @RequestBody ModerationBody body) {
        ReviewManagement.Decision decision = null;
        if (body.decision() != null) {
            try {
                decision = ReviewManagement.Decision.valueOf(body.decision().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("invalid_decision", "decision must be approve or reject");
            }
        }
        return view(reviews.moderate(caller, id, decision, body.reason()), caller);
    }

    private static ReviewView view(Review review, Caller caller) {
        return ReviewView.of(review, Optional.of(caller));
    }
}
