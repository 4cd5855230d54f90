package dev.mercato.analytics;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The analytics endpoints over HTTP, fed by real views and real paid orders. */
class AnalyticsApiTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    Marketplace market;
    Api.Client seller;
    String sellerId;
    String category;
    String listing;

    @BeforeEach
    void setUp() {
        market = new Marketplace(api, admin(), jdbc);
        seller = market.seller();
        sellerId = seller.get("/v1/users/me").id();
        category = market.category();
        listing = market.publishCourse(seller, category, 40_00);
    }

    @Test
    void aVisitorsViewsOfAListingCountOncePerUtcDay() {
        Api.Client ann = market.fixtures().newUserClient();
        Api.Client bob = market.fixtures().newUserClient();
        assertThat(view(ann).path("counted").asBoolean()).isTrue();
        assertThat(view(ann).path("counted").asBoolean()).isFalse();
        assertThat(view(bob).path("counted").asBoolean()).isTrue();
        assertThat(admin().post(views(), Map.of("visitor_id", "cookie-1")).body().path("counted").asBoolean()).isTrue();
        assertThat(admin().post(views(), Map.of("visitor_id", "cookie-1")).body().path("counted").asBoolean()).isFalse();
        String bobId = bob.get("/v1/users/me").id();
        assertThat(admin().onBehalfOf(bobId).post(views(), Map.of()).body().path("counted").asBoolean())
                .as("the platform acting for bob is bob").isFalse();
        assertThat(view(seller).path("counted").asBoolean()).as("a seller's own views do not count").isFalse();

        JsonNode before = seller.get("/v1/analytics/listings/" + listing).body();
        assertThat(before.path("windows").path("day").path("views").asLong()).isEqualTo(3);

        admin().post("/v1/test-clock/advance", Map.of("seconds", 86_400));
        assertThat(view(ann).path("counted").asBoolean()).as("a new UTC day, a new view").isTrue();
        JsonNode after = seller.get("/v1/analytics/listings/" + listing).body();
        assertThat(after.path("windows").path("day").path("views").asLong()).isEqualTo(1);
        assertThat(after.path("windows").path("week").path("views").asLong()).isEqualTo(4);
        assertThat(after.path("daily").size()).isEqualTo(30);
        assertThat(after.path("daily").get(29).path("views").asLong()).isEqualTo(1);
    }

    @Test
    void aRealPaidOrderIsAPurchaseOfItsListingAndARefundLowersNetRevenue() {
        Api.Client buyer = market.fixtures().newUserClient();
        view(buyer);
        view(market.fixtures().newUserClient());
        view(market.fixtures().newUserClient());
        view(market.fixtures().newUserClient());
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", listing)))).id();
        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .isEqualTo("paid");
        assertThat(Eventually.holds(() -> purchases(seller.get("/v1/analytics/listings/" + listing).body()) == 1))
                .as("OrderPaid reaches analytics").isTrue();

        JsonNode month = seller.get("/v1/analytics/listings/" + listing).body().path("windows").path("month");
        assertThat(month.path("views").asLong()).isEqualTo(4);
        assertThat(month.path("conversion_rate").asDouble()).isEqualTo(0.25);
        assertThat(month.path("revenue")).hasSize(1);
        assertThat(month.path("revenue").get(0).path("currency").asString()).isEqualTo("USD");
        assertThat(month.path("revenue").get(0).path("gross").asLong()).isEqualTo(40_00);

        JsonNode dashboard = seller.get("/v1/analytics/sellers/me?window=week").body();
        assertThat(dashboard.path("seller_id").asString()).isEqualTo(sellerId);
        assertThat(dashboard.path("windows").path("day").path("purchases").asLong()).isEqualTo(1);
        assertThat(dashboard.path("top_listings").get(0).path("id").asString()).isEqualTo(listing);
        assertThat(dashboard.path("top_listings").get(0).path("purchases").asLong()).isEqualTo(1);
        assertThat(dashboard.path("daily")).hasSize(7);

        assertThat(admin().post("/v1/refunds", Map.of("order_id", order, "amount", 15_00)).status()).isEqualTo(201);
        assertThat(Eventually.holds(() -> revenue(seller.get("/v1/analytics/listings/" + listing).body()).path("refunded")
                .asLong() == 15_00)).as("OrderRefunded reaches analytics").isTrue();
        JsonNode revenue = revenue(seller.get("/v1/analytics/listings/" + listing).body());
        assertThat(revenue.path("gross").asLong()).isEqualTo(40_00);
        assertThat(revenue.path("net").asLong()).isEqualTo(25_00);
        assertThat(revenue.path("purchases").asLong()).as("a refund does not undo the purchase").isEqualTo(1);
    }

    @Test
    void aSellerSeesOnlyTheirOwnListings() {
        Api.Client other = market.seller();
        view(market.fixtures().newUserClient());
        assertProblem(other.get("/v1/analytics/listings/" + listing), 404, "listing_not_found");
        JsonNode theirs = other.get("/v1/analytics/sellers/me").body();
        assertThat(theirs.path("top_listings").valueStream().map(l -> l.path("id").asString())).doesNotContain(listing);
        assertThat(theirs.path("windows").path("day").path("views").asLong()).isZero();
        assertThat(admin().get("/v1/analytics/listings/" + listing).status()).as("operators see every listing").isEqualTo(200);
        assertThat(admin().onBehalfOf(sellerId).get("/v1/analytics/sellers/me").body().path("windows").path("day")
                .path("views").asLong()).isEqualTo(1);
    }

    @Test
    void operatorsGetTheMarketplacePayloadWithLiveWindows() {
        view(market.fixtures().newUserClient());
        Api.Response marketplace = admin().get("/v1/analytics/marketplace?window=week");
        assertThat(marketplace.status()).isEqualTo(200);
        JsonNode body = marketplace.body();
        assertThat(body.path("live").path("last_5_minutes").path("views").asLong()).isPositive();
        assertThat(body.path("live").path("last_hour").path("views").asLong())
                .isGreaterThanOrEqualTo(body.path("live").path("last_5_minutes").path("views").asLong());
        assertThat(body.path("live").path("last_hour").has("new_listings")).isTrue();
        assertThat(body.path("windows").path("month").has("new_listings")).isTrue();
        assertThat(body.path("daily")).hasSize(7);
        assertThat(body.path("top_categories").isArray()).isTrue();
    }

    @Test
    void badInputGetsAClearError() {
        Api.Client stranger = market.fixtures().newUserClient();
        assertProblem(admin().get("/v1/analytics/listings/lst_nope"), 404, "listing_not_found");
        assertProblem(stranger.post("/v1/listings/lst_nope/views", Map.of()), 404, "listing_not_found");
        assertProblem(seller.get("/v1/analytics/listings/" + listing + "?window=year"), 400, "invalid_window");
        assertProblem(seller.get("/v1/analytics/sellers/me?window=quarter"), 400, "invalid_window");
        assertProblem(admin().get("/v1/analytics/marketplace?window=DAY"), 400, "invalid_window");
        assertProblem(seller.get("/v1/analytics/marketplace"), 403, "forbidden");
        assertProblem(admin().onBehalfOf(sellerId).get("/v1/analytics/marketplace"), 403, "forbidden");
        assertProblem(api.anonymous().get("/v1/analytics/sellers/me"), 401, "authentication_required");
        assertProblem(api.anonymous().post(views(), Map.of()), 401, "authentication_required");
        assertProblem(admin().post(views(), Map.of()), 400, "visitor_required");
        assertProblem(admin().post(views(), Map.of("visitor_id", "has space")), 400, "invalid_visitor_id");
        assertProblem(stranger.post(views(), Map.of("visitor_id", "someone-else")), 403, "forbidden");

        String draft = seller.post("/v1/listings", Map.of("kind", "course", "title", "Draft", "category_id", category,
                "price", Map.of("amount", 10_00, "currency", "USD"))).id();
        assertProblem(stranger.post("/v1/listings/" + draft + "/views", Map.of()), 404, "listing_not_found");
        seller.post("/v1/listings/" + listing + "/unpublish", Map.of());
        assertProblem(stranger.post(views(), Map.of()), 404, "listing_not_found");
        assertThat(seller.get("/v1/analytics/listings/" + listing).status())
                .as("its seller still reads an unpublished listing's figures").isEqualTo(200);
    }

    private String views() {
        return "/v1/listings/" + listing + "/views";
    }

    private JsonNode view(Api.Client visitor) {
        Api.Response response = visitor.post(views(), Map.of());
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static long purchases(JsonNode report) {
        return report.path("windows").path("month").path("purchases").asLong();
    }

    private static JsonNode revenue(JsonNode report) {
        return report.path("windows").path("month").path("revenue").path(0);
    }
}
