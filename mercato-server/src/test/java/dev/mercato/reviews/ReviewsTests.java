package dev.mercato.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.reviews.ReviewFixtures.Party;
import dev.mercato.testing.Api;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writing, editing, deleting and replying to reviews, and the input each of them refuses. */
class ReviewsTests extends ReviewIntegrationTest {


    @Test
    void aBuyerWithAPaidOrderReviewsTheListingAndACleanReviewIsPublishedAtOnce() {
        Party buyer = reviews.buyerOf(listing);
        String text = ReviewFixtures.clean();

        Api.Response written = reviews.write(buyer, listing, 4, text);

        assertThat(written.status()).as(written.body().toString()).isEqualTo(201);
        assertThat(written.id()).startsWith("rev_");
        assertThat(written.text("status")).isEqualTo("approved");
        assertThat(written.number("stars")).isEqualTo(4);
        assertThat(written.text("text")).isEqualTo(text);
        assertThat(written.body().path("verified_purchase").asBoolean()).isTrue();
        Api.Response page = api.anonymous().get("/v1/listings/" + listing + "/reviews");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("data").get(0).path("id").asString()).isEqualTo(written.id());
        assertThat(page.body().path("rating").path("count").asInt()).isEqualTo(1);
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyReplaysTheFirstReview() {
        Party buyer = reviews.buyerOf(listing);
        Api.Client client = buyer.client().idempotencyKey("review-" + ReviewFixtures.word());
        Map<String, Object> body = Map.of("stars", 5, "text", ReviewFixtures.clean());

        Api.Response first = client.post("/v1/listings/" + listing + "/reviews", body);
        Api.Response retried = client.post("/v1/listings/" + listing + "/reviews", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retried.status()).as(retried.body().toString()).isEqualTo(201);
        assertThat(retried.id()).isEqualTo(first.id());
        assertThat(rating().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void someoneWhoNeverBoughtTheListingMayNotReviewIt() {
        Party stranger = reviews.user();

        Api.Response refused = reviews.write(stranger, listing, 5, ReviewFixtures.clean());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("purchase_required");
        assertThat(refused.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void aBuyerWhoseOrderWasRefundedInFullMayNotReview() {
        Party buyer = reviews.user();
        String order = reviews.buy(buyer, listing);
        Api.Response refund = admin().post("/v1/refunds", Map.of("order_id", order, "amount", 20_00));
        assertThat(refund.text("status")).as(refund.body().toString()).isEqualTo("succeeded");

        Api.Response refused = reviews.write(buyer, listing, 1, ReviewFixtures.clean());

        assertThat(refused.code()).isEqualTo("purchase_required");
    }

    @Test
    void aBuyerWhoseOrderWasRefundedInPartStillReviews() {
        Party buyer = reviews.user();
        String order = reviews.buy(buyer, listing);
        admin().post("/v1/refunds", Map.of("order_id", order, "amount", 5_00));

        assertThat(reviews.write(buyer, listing, 3, ReviewFixtures.clean()).status()).isEqualTo(201);
    }

    @Test
    void anOrderThatWasNeverPaidIsNoPurchase() {
        Party buyer = reviews.user();
        buyer.client().post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", listing))));

        assertThat(reviews.write(buyer, listing, 5, ReviewFixtures.clean()).code()).isEqualTo("purchase_required");
    }

    @Test
    void aBuyerReviewsAListingOnlyOnce() {
        Party buyer = reviews.buyerOf(listing);
        assertThat(reviews.write(buyer, listing, 5, ReviewFixtures.clean()).status()).isEqualTo(201);

        Api.Response second = reviews.write(buyer, listing, 1, ReviewFixtures.clean());

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("review_exists");
    }

    @Test
    void aSellerMayNotReviewItsOwnListing() {
        Api.Response refused = reviews.write(seller, listing, 5, ReviewFixtures.clean());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("cannot_review_own_listing");
    }

    @Test
    void starsOutsideOneToFiveOrMissingAreRefused() {
        Party buyer = reviews.buyerOf(listing);

        for (Object stars : new Object[] {0, 6, -1, "five"}) {
            Api.Response refused = reviews.write(buyer, listing, stars, ReviewFixtures.clean());
            assertThat(refused.status()).as("stars " + stars).isEqualTo(400);
        }
        assertThat(reviews.write(buyer, listing, 0, ReviewFixtures.clean()).code()).isEqualTo("invalid_stars");
        Api.Response missing = buyer.client().post("/v1/listings/" + listing + "/reviews", Map.of("text", ReviewFixtures.clean()));
        assertThat(missing.code()).isEqualTo("invalid_stars");
        assertThat(api.anonymous().get("/v1/listings/" + listing + "/reviews").body().path("rating").path("count").asInt())
                .as("nothing was written").isZero();
    }

    @Test
    void emptyOrEnormousTextIsRefused() {
        Party buyer = reviews.buyerOf(listing);

        assertThat(reviews.write(buyer, listing, 4, "   ").code()).isEqualTo("text_required");
        Map<String, Object> noText = new HashMap<>();
        noText.put("stars", 4);
        assertThat(buyer.client().post("/v1/listings/" + listing + "/reviews", noText).code()).isEqualTo("text_required");
        Api.Response enormous = reviews.write(buyer, listing, 4, "a ".repeat(10_001));
        assertThat(enormous.status()).isEqualTo(400);
        assertThat(enormous.code()).isEqualTo("text_too_long");
    }

    @Test
    void anUnknownListingIsNotFound() {
        Party buyer = reviews.user();

        assertThat(reviews.write(buyer, "lst_nothing", 4, ReviewFixtures.clean()).code()).isEqualTo("listing_not_found");
        assertThat(api.anonymous().get("/v1/listings/lst_nothing/reviews").status()).isEqualTo(404);
    }

    @Test
    void anAnonymousCallerMayReadButNotWrite() {
        Api.Response refused = api.anonymous().post("/v1/listings/" + listing + "/reviews",
                Map.of("stars", 5, "text", ReviewFixtures.clean()));

        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void aPlatformKeyActingOnBehalfOfABuyerWritesTheBuyersReview() {
        Party buyer = reviews.buyerOf(listing);

        Api.Response written = admin().onBehalfOf(buyer.id()).post("/v1/listings/" + listing + "/reviews",
                Map.of("stars", 5, "text", ReviewFixtures.clean()));

        assertThat(written.status()).as(written.body().toString()).isEqualTo(201);
        assertThat(written.text("author_id")).isEqualTo(buyer.id());
    }

    @Test
    void theAuthorEditsAReviewAndTheEditGoesThroughModerationAgain() {
        Party buyer = reviews.buyerOf(listing);
        String id = reviews.write(buyer, listing, 5, ReviewFixtures.clean()).id();

        Api.Response edited = buyer.client().patch("/v1/reviews/" + id, Map.of("stars", 2,
                "text", "Changed my mind, see http://example.com/better " + ReviewFixtures.word()));

        assertThat(edited.status()).as(edited.body().toString()).isEqualTo(200);
        assertThat(edited.number("stars")).isEqualTo(2);
        assertThat(edited.text("status")).isEqualTo("pending");
        assertThat(edited.body().path("moderation_reasons").get(0).asString()).isEqualTo("contains_link");
        assertThat(api.anonymous().get("/v1/reviews/" + id).status()).as("hidden while pending").isEqualTo(404);
        assertThat(rating().path("count").asInt()).as("a pending edit no longer counts").isZero();

        Api.Response cleaned = buyer.client().patch("/v1/reviews/" + id, Map.of("text", ReviewFixtures.clean()));
        assertThat(cleaned.text("status")).isEqualTo("approved");
        assertThat(cleaned.number("stars")).as("unchanged stars stay").isEqualTo(2);
        assertThat(rating().path("mean").asDouble()).isEqualTo(2.0);
    }

    @Test
    void onlyTheAuthorEditsAReview() {
        String id = reviews.approvedReview(listing, 4);
        Party other = reviews.buyerOf(listing);

        Api.Response refused = other.client().patch("/v1/reviews/" + id, Map.of("stars", 1));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("not_the_author");
        assertThat(api.anonymous().get("/v1/reviews/" + id).number("stars")).isEqualTo(4);
    }

    @Test
    void editingToStarsOutOfRangeIsRefusedAndChangesNothing() {
        Party buyer = reviews.buyerOf(listing);
        String id = reviews.write(buyer, listing, 5, ReviewFixtures.clean()).id();

        assertThat(buyer.client().patch("/v1/reviews/" + id, Map.of("stars", 9)).code()).isEqualTo("invalid_stars");
        assertThat(buyer.client().patch("/v1/reviews/" + id, Map.of("text", "")).code()).isEqualTo("text_required");
        assertThat(api.anonymous().get("/v1/reviews/" + id).number("stars")).isEqualTo(5);
    }

    @Test
    void deletingAReviewTakesItOutOfTheAggregate() {
        reviews.approvedReview(listing, 5);
        Party buyer = reviews.buyerOf(listing);
        String id = reviews.write(buyer, listing, 1, ReviewFixtures.clean()).id();
        assertThat(rating().path("count").asInt()).isEqualTo(2);

        Api.Response deleted = buyer.client().delete("/v1/reviews/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(rating().path("count").asInt()).isEqualTo(1);
        assertThat(rating().path("mean").asDouble()).isEqualTo(5.0);
        assertThat(rating().path("histogram").path("1").asInt()).isZero();
        assertThat(api.anonymous().get("/v1/reviews/" + id).status()).isEqualTo(404);
    }

    @Test
    void onlyTheAuthorOrAnOperatorDeletesAReview() {
        String id = reviews.approvedReview(listing, 5);

        Api.Response refused = seller.client().delete("/v1/reviews/" + id);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("not_the_author");
        assertThat(admin().delete("/v1/reviews/" + id).status()).isEqualTo(204);
    }

    @Test
    void theSellerRepliesOnceAndTheReplyIsShownWithTheReview() {
        String id = reviews.approvedReview(listing, 3);

        Api.Response replied = seller.client().post("/v1/reviews/" + id + "/reply",
                Map.of("text", "Thank you, the next module covers exactly this."));

        assertThat(replied.status()).as(replied.body().toString()).isEqualTo(201);
        assertThat(replied.body().path("reply").path("text").asString()).isEqualTo("Thank you, the next module covers exactly this.");
        assertThat(api.anonymous().get("/v1/reviews/" + id).body().path("reply").path("created_at").isMissingNode()).isFalse();
        Api.Response second = seller.client().post("/v1/reviews/" + id + "/reply", Map.of("text", "Another thought."));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("reply_exists");
        assertThat(api.anonymous().get("/v1/reviews/" + id).body().path("reply").path("text").asString())
                .startsWith("Thank you");
    }

    @Test
    void someoneOtherThanTheSellerMayNotReply() {
        String id = reviews.approvedReview(listing, 3);
        Party buyer = reviews.buyerOf(listing);

        Api.Response refused = buyer.client().post("/v1/reviews/" + id + "/reply", Map.of("text", "I agree."));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("not_the_seller");
    }

    @Test
    void aReplyWithALinkIsRefused() {
        String id = reviews.approvedReview(listing, 2);

        Api.Response refused = seller.client().post("/v1/reviews/" + id + "/reply",
                Map.of("text", "Get the fixed version at www.cheap-courses.example"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("reply_not_allowed");
        assertThat(api.anonymous().get("/v1/reviews/" + id).body().path("reply").isNull()).isTrue();
    }

    @Test
    void anUnknownReviewIsNotFoundForEveryAction() {
        Party user = reviews.user();
        String missing = "rev_01JD3X0000000000000000000";

        assertThat(user.client().patch("/v1/reviews/" + missing, Map.of("stars", 3)).code()).isEqualTo("review_not_found");
        assertThat(user.client().delete("/v1/reviews/" + missing).code()).isEqualTo("review_not_found");
        assertThat(user.client().post("/v1/reviews/" + missing + "/reply", Map.of("text", "x")).code()).isEqualTo("review_not_found");
        assertThat(user.client().post("/v1/reviews/" + missing + "/votes", Map.of("helpful", true)).code()).isEqualTo("review_not_found");
        assertThat(user.client().post("/v1/reviews/" + missing + "/reports", Map.of("reason", "spam")).code()).isEqualTo("review_not_found");
        assertThat(admin().post("/v1/reviews/" + missing + "/moderate", Map.of("decision", "approve")).code()).isEqualTo("review_not_found");
    }
}
