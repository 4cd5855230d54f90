package dev.mercato.reviews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mercato.payments.RecordedEvents;
import dev.mercato.reviews.ReviewFixtures.Party;
import dev.mercato.testing.Api;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The aggregate (count, mean, histogram, Bayesian average), its event, helpful votes and the four orders. */
class ReviewRankingTests extends ReviewIntegrationTest {

    @Autowired
    ConfigurableApplicationContext context;


    @Test
    void theAggregateCountsApprovedReviewsWithTheBayesianAverageOfTheConfiguredPrior() {
        for (int stars : new int[] {5, 5, 4, 1}) {
            reviews.approvedReview(listing, stars);
        }
        reviews.write(reviews.buyerOf(listing), listing, 1, "Bad.");

        JsonNode rating = rating();

        assertThat(rating.path("count").asInt()).as("the pending one does not count").isEqualTo(4);
        assertThat(rating.path("mean").asDouble()).isEqualTo(15.0 / 4);
        assertThat(rating.path("histogram").path("1").asInt()).isEqualTo(1);
        assertThat(rating.path("histogram").path("2").asInt()).isZero();
        assertThat(rating.path("histogram").path("3").asInt()).isZero();
        assertThat(rating.path("histogram").path("4").asInt()).isEqualTo(1);
        assertThat(rating.path("histogram").path("5").asInt()).isEqualTo(2);
        // prior 3.5 weighing 10 reviews (the defaults): (10 * 3.5 + 15) / (10 + 4)
        assertThat(rating.path("bayesian_average").asDouble()).isCloseTo(50.0 / 14, within(1e-12));
    }

    @Test
    void aListingWithoutReviewsHasThePriorAsItsBayesianAverage() {
        JsonNode rating = rating();

        assertThat(rating.path("count").asInt()).isZero();
        assertThat(rating.path("mean").asDouble()).isZero();
        assertThat(rating.path("bayesian_average").asDouble()).isEqualTo(3.5);
    }

    @Test
    void everyChangeOfTheApprovedAggregatePublishesListingRatingChangedInItsTransaction() {
        try (RecordedEvents<ListingRatingChanged> events = RecordedEvents.of(ListingRatingChanged.class, context)) {
            Party buyer = reviews.buyerOf(listing);
            String id = reviews.write(buyer, listing, 4, ReviewFixtures.clean()).id();
            reviews.approvedReview(listing, 2);
            String pending = reviews.write(reviews.buyerOf(listing), listing, 5, "Great!").id();
            assertThat(mine(events)).as("a pending review changes nothing").hasSize(2);
            buyer.client().patch("/v1/reviews/" + id, Map.of("stars", 5));
            admin().post("/v1/reviews/" + pending + "/moderate", Map.of("decision", "approve"));
            buyer.client().delete("/v1/reviews/" + id);

            List<RecordedEvents.Recorded<ListingRatingChanged>> recorded = mine(events);
            assertThat(recorded).hasSize(5);
            assertThat(recorded).allMatch(RecordedEvents.Recorded::inTransaction);
            assertThat(recorded.get(0).event()).isEqualTo(new ListingRatingChanged(listing, 1, 4.0, 39.0 / 11));
            assertThat(recorded.get(1).event()).isEqualTo(new ListingRatingChanged(listing, 2, 3.0, 41.0 / 12));
            assertThat(recorded.get(2).event()).isEqualTo(new ListingRatingChanged(listing, 2, 3.5, 42.0 / 12));
            assertThat(recorded.get(3).event()).isEqualTo(new ListingRatingChanged(listing, 3, 4.0, 47.0 / 13));
            assertThat(recorded.get(4).event()).isEqualTo(new ListingRatingChanged(listing, 2, 3.5, 42.0 / 12));
        }
    }

    @Test
    void reviewsWrittenAtTheSameTimeAreAllCounted() throws Exception {
        List<Party> buyers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            buyers.add(reviews.buyerOf(listing));
        }
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < buyers.size(); i++) {
                Party buyer = buyers.get(i);
                int stars = i % 5 + 1;
                threads.submit(() -> {
                    start.await();
                    statuses.add(reviews.write(buyer, listing, stars, ReviewFixtures.clean()).status());
                    return null;
                });
            }
            start.countDown();
        }

        assertThat(statuses).hasSize(8).containsOnly(201);
        JsonNode rating = rating();
        assertThat(rating.path("count").asInt()).isEqualTo(8);
        // stars 1,2,3,4,5,1,2,3
        assertThat(rating.path("mean").asDouble()).isEqualTo(21.0 / 8);
        assertThat(rating.path("histogram").path("1").asInt()).isEqualTo(2);
    }

    @Test
    void votingRecordsOneChangeableVotePerUserAndScoresTheWilsonLowerBound() {
        String id = reviews.approvedReview(listing, 4);
        Party voter = reviews.user();

        voter.client().post("/v1/reviews/" + id + "/votes", Map.of("helpful", false));
        Api.Response changed = voter.client().post("/v1/reviews/" + id + "/votes", Map.of("helpful", true));
        reviews.user().client().post("/v1/reviews/" + id + "/votes", Map.of("helpful", true));
        Api.Response third = reviews.user().client().post("/v1/reviews/" + id + "/votes", Map.of("helpful", false));

        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.number("helpful_votes")).isEqualTo(1);
        assertThat(changed.number("unhelpful_votes")).isZero();
        assertThat(third.number("helpful_votes")).isEqualTo(2);
        assertThat(third.number("unhelpful_votes")).isEqualTo(1);
        assertThat(third.body().path("helpfulness").asDouble()).isCloseTo(wilson(2, 3), within(1e-12));
        assertThat(third.body().path("helpfulness").asDouble()).isCloseTo(0.2077, within(1e-4));
    }

    @Test
    void anAuthorMayNotVoteOnItsOwnReviewAndAVoteSaysTrueOrFalse() {
        Party buyer = reviews.buyerOf(listing);
        String id = reviews.write(buyer, listing, 5, ReviewFixtures.clean()).id();

        Api.Response own = buyer.client().post("/v1/reviews/" + id + "/votes", Map.of("helpful", true));
        Api.Response empty = reviews.user().client().post("/v1/reviews/" + id + "/votes", Map.of());

        assertThat(own.status()).isEqualTo(422);
        assertThat(own.code()).isEqualTo("cannot_vote_own_review");
        assertThat(empty.code()).isEqualTo("invalid_helpful");
        assertThat(api.anonymous().get("/v1/reviews/" + id).number("helpful_votes")).isZero();
    }

    @Test
    void helpfulOrderRanksByWilsonLowerBoundNotByShareOrCount() {
        String twoOfTwo = reviews.approvedReview(listing, 5);
        String nineOfTen = reviews.approvedReview(listing, 3);
        String none = reviews.approvedReview(listing, 4);
        String zeroOfThree = reviews.approvedReview(listing, 2);
        vote(twoOfTwo, 2, 0);
        vote(nineOfTen, 9, 1);
        vote(zeroOfThree, 0, 3);

        List<String> order = ids("helpful", 10);

        // 9 of 10 helpful (lower bound 0.60) beats 2 of 2 (0.34) although its share is lower
        assertThat(order.subList(0, 2)).containsExactly(nineOfTen, twoOfTwo);
        assertThat(order.subList(2, 4)).containsExactlyInAnyOrder(none, zeroOfThree);
    }

    @Test
    void newestAndRatingOrdersWalkPageByPageWithoutGapsOrRepeats() {
        List<String> written = new ArrayList<>();
        int[] stars = {3, 5, 1, 5, 3};
        for (int s : stars) {
            written.add(reviews.approvedReview(listing, s));
        }

        assertThat(ids("newest", 2)).containsExactly(written.get(4), written.get(3), written.get(2), written.get(1),
                written.get(0));
        assertThat(ids("rating_desc", 2)).containsExactly(written.get(3), written.get(1), written.get(4), written.get(0),
                written.get(2));
        assertThat(ids("rating_asc", 2)).containsExactly(written.get(2), written.get(4), written.get(0), written.get(3),
                written.get(1));
        assertThat(ids("helpful", 2)).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void anUnknownSortOrCursorIsRefused() {
        assertThat(api.anonymous().get("/v1/listings/" + listing + "/reviews?sort=best").code()).isEqualTo("invalid_sort");
        assertThat(api.anonymous().get("/v1/listings/" + listing + "/reviews?starting_after=rev_nope").code())
                .isEqualTo("invalid_starting_after");
        assertThat(api.anonymous().get("/v1/listings/" + listing + "/reviews?limit=0").code()).isEqualTo("invalid_limit");
    }

    private void vote(String review, int helpful, int unhelpful) {
        for (int i = 0; i < helpful + unhelpful; i++) {
            Api.Response voted = reviews.user().client().post("/v1/reviews/" + review + "/votes",
                    Map.of("helpful", i < helpful));
            assertThat(voted.status()).as(voted.body().toString()).isEqualTo(200);
        }
    }

    /** Every review of the listing in the given order, fetched page by page. */
    private List<String> ids(String sort, int limit) {
        List<String> ids = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 20; page++) {
            Api.Response listed = api.anonymous().get("/v1/listings/" + listing + "/reviews?sort=" + sort + "&limit=" + limit
                    + (after == null ? "" : "&starting_after=" + after));
            assertThat(listed.status()).as(listed.body().toString()).isEqualTo(200);
            for (JsonNode r : listed.body().path("data")) {
                ids.add(r.path("id").asString());
                after = r.path("id").asString();
            }
            if (!listed.body().path("has_more").asBoolean()) {
                return ids;
            }
        }
        throw new AssertionError("more pages than reviews");
    }

    private List<RecordedEvents.Recorded<ListingRatingChanged>> mine(RecordedEvents<ListingRatingChanged> events) {
        return events.matching(e -> e.listingId().equals(listing));
    }

    /** The Wilson lower bound, written out independently of the implementation. */
    private static double wilson(double up, double n) {
        double z = 1.959963984540054;
        double p = up / n;
        return (p + z * z / (2 * n) - z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n);
    }
}
