package dev.mercato.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.reviews.ReviewFixtures.Party;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The automatic checks, the operators' queue, approving and rejecting, and reports that send a review back. */
class ReviewModerationTests extends ReviewIntegrationTest {


    @Test
    void tooShortTextWaitsInTheQueue() {
        assertQueuedFor("Meh.", "too_short");
    }

    @Test
    void textOverTheModerationLengthWaitsInTheQueue() {
        StringBuilder text = new StringBuilder();
        while (text.length() <= 2000) {
            text.append(ReviewFixtures.word()).append(' ');
        }
        assertQueuedFor(text.toString(), "too_long");
    }

    @Test
    void aBannedWordWaitsInTheQueueWhateverItsCase() {
        assertQueuedFor("This course is total SHIT, do not buy it " + ReviewFixtures.word(), "banned_words");
    }

    @Test
    void linksWaitInTheQueue() {
        assertQueuedFor("Better and cheaper at https://elsewhere.example/course " + ReviewFixtures.word(), "contains_link");
        assertQueuedFor("Better and cheaper at www.elsewhere.example " + ReviewFixtures.word(), "contains_link");
        assertQueuedFor("Better and cheaper at cheapcourses.com " + ReviewFixtures.word(), "contains_link");
    }

    @Test
    void theSameTextAsAnotherReviewWaitsInTheQueueEvenOnAnotherListingAndInAnotherCase() {
        String text = ReviewFixtures.clean();
        String other = reviews.listing(seller);
        assertThat(reviews.write(reviews.buyerOf(other), other, 5, text).text("status")).isEqualTo("approved");

        assertQueuedFor("  " + text.toUpperCase().replace(" ", "   ") + " ", "duplicate_text");
    }

    @Test
    void repetitiveCharactersOrWordsWaitInTheQueue() {
        assertQueuedFor("Amazing course!!!!!!!! " + ReviewFixtures.word(), "repetitive");
        assertQueuedFor("good good good good good good good " + ReviewFixtures.word(), "repetitive");
    }

    @Test
    void aReviewFailingSeveralChecksCarriesEveryReason() {
        Api.Response written = reviews.write(reviews.buyerOf(listing), listing, 1, "shit www.x.com");

        assertThat(reasons(written.body())).containsExactlyInAnyOrder("banned_words", "contains_link");
    }

    @Test
    void theAuthorSeesItsPendingReviewWithTheReasonsAndOthersDoNot() {
        Party buyer = reviews.buyerOf(listing);
        String id = reviews.write(buyer, listing, 2, "Meh.").id();

        Api.Response own = buyer.client().get("/v1/reviews/" + id);
        assertThat(own.text("status")).isEqualTo("pending");
        assertThat(reasons(own.body())).contains("too_short");
        assertThat(ids(buyer.client().get("/v1/listings/" + listing + "/reviews"))).containsExactly(id);
        assertThat(ids(api.anonymous().get("/v1/listings/" + listing + "/reviews"))).isEmpty();
        assertThat(ids(seller.client().get("/v1/listings/" + listing + "/reviews"))).isEmpty();
        assertThat(seller.client().get("/v1/reviews/" + id).status()).isEqualTo(404);
        assertThat(api.anonymous().get("/v1/listings/" + listing + "/reviews").body().path("rating").path("count").asInt())
                .as("pending reviews do not count").isZero();
    }

    @Test
    void operatorsListTheQueueOldestFirstPageByPage() {
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(reviews.write(reviews.buyerOf(listing), listing, 3, "Meh " + i).id());
        }

        List<String> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 3; page++) {
            Api.Response listed = admin().get("/v1/moderation/reviews?state=pending&listing_id=" + listing + "&limit=2"
                    + (after == null ? "" : "&starting_after=" + after));
            assertThat(listed.status()).as(listed.body().toString()).isEqualTo(200);
            for (JsonNode r : listed.body().path("data")) {
                seen.add(r.path("id").asString());
                after = r.path("id").asString();
            }
            if (!listed.body().path("has_more").asBoolean()) {
                break;
            }
        }
        assertThat(seen).containsExactlyElementsOf(queued);
        assertThat(admin().get("/v1/moderation/reviews?state=approved&limit=100").status()).isEqualTo(200);
    }

    @Test
    void theQueueRefusesAnUnknownStateAndNonOperators() {
        assertThat(admin().get("/v1/moderation/reviews?state=lost").code()).isEqualTo("invalid_state");
        Api.Response refused = reviews.user().client().get("/v1/moderation/reviews");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("forbidden");
    }

    @Test
    void anOperatorApprovesAQueuedReviewAndItCountsFromThen() {
        String id = reviews.write(reviews.buyerOf(listing), listing, 4, "Fine.").id();

        Api.Response approved = admin().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "approve"));

        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("approved");
        assertThat(api.anonymous().get("/v1/reviews/" + id).status()).isEqualTo(200);
        assertThat(rating().path("count").asInt()).isEqualTo(1);
        assertThat(rating().path("histogram").path("4").asInt()).isEqualTo(1);
    }

    @Test
    void anOperatorRejectsWithAReasonTheAuthorSees() {
        Party buyer = reviews.buyerOf(listing);
        String id = reviews.write(buyer, listing, 1, "Scam!!!!!! " + ReviewFixtures.word()).id();

        Api.Response rejected = admin().post("/v1/reviews/" + id + "/moderate",
                Map.of("decision", "reject", "reason", "Not about the course"));

        assertThat(rejected.text("status")).isEqualTo("rejected");
        Api.Response own = buyer.client().get("/v1/reviews/" + id);
        assertThat(own.text("status")).isEqualTo("rejected");
        assertThat(own.text("rejection_reason")).isEqualTo("Not about the course");
        assertThat(api.anonymous().get("/v1/reviews/" + id).status()).isEqualTo(404);
        assertThat(rating().path("count").asInt()).isZero();
    }

    @Test
    void rejectingNeedsAReasonAndADecisionMustBeKnown() {
        String id = reviews.write(reviews.buyerOf(listing), listing, 1, "Bad.").id();

        assertThat(admin().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "reject")).code())
                .isEqualTo("reason_required");
        assertThat(admin().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "maybe")).code())
                .isEqualTo("invalid_decision");
        assertThat(admin().post("/v1/reviews/" + id + "/moderate", Map.of()).code()).isEqualTo("invalid_decision");
        assertThat(admin().get("/v1/reviews/" + id).text("status")).isEqualTo("pending");
    }

    @Test
    void onlyOperatorsModerate() {
        String id = reviews.write(reviews.buyerOf(listing), listing, 5, "Great!").id();

        Api.Response bySeller = seller.client().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "approve"));
        Api.Response onBehalf = admin().onBehalfOf(seller.id()).post("/v1/reviews/" + id + "/moderate",
                Map.of("decision", "approve"));

        assertThat(bySeller.status()).isEqualTo(403);
        assertThat(bySeller.code()).isEqualTo("forbidden");
        assertThat(onBehalf.status()).as("a platform key acting for a user acts as that user").isEqualTo(403);
        assertThat(admin().get("/v1/reviews/" + id).text("status")).isEqualTo("pending");
    }

    @Test
    void repeatingADecisionChangesNothingButTheOppositeDecisionIsAConflict() {
        String id = reviews.write(reviews.buyerOf(listing), listing, 5, "Great!").id();
        admin().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "approve"));

        Api.Response again = admin().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "approve"));
        Api.Response conflicting = admin().post("/v1/reviews/" + id + "/moderate",
                Map.of("decision", "reject", "reason", "changed my mind"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("status")).isEqualTo("approved");
        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(conflicting.code()).isEqualTo("review_already_moderated");
        assertThat(rating().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void editingARejectedReviewPutsItBackThroughModeration() {
        Party buyer = reviews.buyerOf(listing);
        String id = reviews.write(buyer, listing, 1, "Awful!!!!!!! " + ReviewFixtures.word()).id();
        admin().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "reject", "reason", "Shouting"));

        Api.Response edited = buyer.client().patch("/v1/reviews/" + id, Map.of("text", ReviewFixtures.clean()));

        assertThat(edited.text("status")).isEqualTo("approved");
        assertThat(edited.body().path("rejection_reason").isNull()).isTrue();
        assertThat(rating().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void enoughReportsSendAnApprovedReviewBackToTheQueue() {
        String id = reviews.approvedReview(listing, 5);
        List<Party> reporters = List.of(reviews.user(), reviews.user(), reviews.user());

        Api.Response first = reporters.get(0).client().post("/v1/reviews/" + id + "/reports", Map.of("reason", "Fake"));
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
        reporters.get(1).client().post("/v1/reviews/" + id + "/reports", Map.of("reason", "Fake"));
        assertThat(api.anonymous().get("/v1/reviews/" + id).status()).as("two reports are not enough").isEqualTo(200);
        reporters.get(2).client().post("/v1/reviews/" + id + "/reports", Map.of("reason", "Paid review"));

        Api.Response queued = admin().get("/v1/reviews/" + id);
        assertThat(queued.text("status")).isEqualTo("pending");
        assertThat(reasons(queued.body())).containsExactly("reported");
        assertThat(api.anonymous().get("/v1/reviews/" + id).status()).isEqualTo(404);
        assertThat(rating().path("count").asInt()).isZero();

        admin().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "approve"));
        assertThat(rating().path("count").asInt()).isEqualTo(1);
        reviews.user().client().post("/v1/reviews/" + id + "/reports", Map.of("reason", "Still fake"));
        assertThat(api.anonymous().get("/v1/reviews/" + id).text("status"))
                .as("reports before the operator's decision no longer count").isEqualTo("approved");
    }

    @Test
    void aUserReportsAReviewOnceAndNeverItsOwn() {
        Party buyer = reviews.buyerOf(listing);
        String id = reviews.write(buyer, listing, 5, ReviewFixtures.clean()).id();
        Party reporter = reviews.user();
        reporter.client().post("/v1/reviews/" + id + "/reports", Map.of("reason", "Fake"));

        Api.Response twice = reporter.client().post("/v1/reviews/" + id + "/reports", Map.of("reason", "Fake"));
        Api.Response own = buyer.client().post("/v1/reviews/" + id + "/reports", Map.of("reason", "Oops"));
        Api.Response noReason = reviews.user().client().post("/v1/reviews/" + id + "/reports", Map.of("reason", " "));

        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.code()).isEqualTo("already_reported");
        assertThat(own.code()).isEqualTo("cannot_report_own_review");
        assertThat(noReason.code()).isEqualTo("reason_required");
    }

    @Test
    void theAuthorIsEmailedTheReasonOfARejectionAndTheSellerEachPublishedReview() {
        String authorEmail = "author-" + UUID.randomUUID() + "@example.com";
        String sellerEmail = "seller-" + UUID.randomUUID() + "@example.com";
        Party emailedSeller = reviews.seller(reviews.userWithEmail(sellerEmail));
        String course = reviews.listing(emailedSeller);
        Party author = reviews.userWithEmail(authorEmail);
        reviews.buy(author, course);
        String id = reviews.write(author, course, 1, "Bad.").id();

        admin().post("/v1/reviews/" + id + "/moderate", Map.of("decision", "reject", "reason", "Say what was bad"));
        reviews.approvedReview(course, 5);

        assertThat(Eventually.holds(() -> !mail("review_rejected", authorEmail).isEmpty())).isTrue();
        Api.Response rejection = admin().get("/v1/admin/mail/" + mail("review_rejected", authorEmail).get(0));
        assertThat(rejection.text("subject")).startsWith("Your review of Course ").endsWith(" was not published");
        assertThat(rejection.text("text")).contains("Say what was bad", id);
        assertThat(Eventually.holds(() -> !mail("review_approved", sellerEmail).isEmpty())).isTrue();
        assertThat(admin().get("/v1/admin/mail/" + mail("review_approved", sellerEmail).get(0)).text("subject"))
                .startsWith("New 5-star review of Course ");
    }

    private List<String> mail(String template, String recipient) {
        List<String> ids = new ArrayList<>();
        admin().get("/v1/admin/mail?template=" + template + "&recipient=" + recipient).body().path("data")
                .forEach(m -> ids.add(m.path("id").asString()));
        return ids;
    }

    private void assertQueuedFor(String text, String reason) {
        Api.Response written = reviews.write(reviews.buyerOf(listing), listing, 3, text);
        assertThat(written.status()).as(written.body().toString()).isEqualTo(201);
        assertThat(written.text("status")).as(text).isEqualTo("pending");
        assertThat(reasons(written.body())).as(text).contains(reason);
        assertThat(ids(admin().get("/v1/moderation/reviews?listing_id=" + listing + "&limit=100"))).contains(written.id());
    }

    private static List<String> reasons(JsonNode review) {
        List<String> reasons = new ArrayList<>();
        review.path("moderation_reasons").forEach(r -> reasons.add(r.asString()));
        return reasons;
    }
}
