package dev.mercato.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A marketplace in a few calls, over the public API: sellers with ready payout accounts, a
 * category, published courses, and paid sales to fresh buyers.
 */
public final class Marketplace {

    private final Api.Client admin;
    private final HttpFixtures fixtures;
    private final JdbcTemplate jdbc;

    public Marketplace(Api api, Api.Client admin, JdbcTemplate jdbc) {
        this.admin = admin;
        this.fixtures = new HttpFixtures(api, admin);
        this.jdbc = jdbc;
    }

    public HttpFixtures fixtures() {
        return fixtures;
    }

    /** A new user whose payout account is ready, so it may sell at a price. */
    public Api.Client seller() {
        Api.Client seller = fixtures.newUserClient();
        seller.post("/v1/payout-accounts", Map.of());
        return seller;
    }

    public String category() {
        String slug = "c-" + UUID.randomUUID();
        return admin.post("/v1/categories", Map.of("name", "Category " + slug, "slug", slug)).id();
    }

    /** Makes the seller's earnings available as soon as the release job runs. */
    public void releaseAtOnce(Api.Client seller) {
        admin.patch("/v1/payout-accounts/" + seller.get("/v1/payout-accounts/me").id(), Map.of("hold_days", 0));
    }

    public String publishCourse(Api.Client seller, String category, long price) {
        String course = seller.post("/v1/listings", Map.of("kind", "course", "title", "Course " + UUID.randomUUID(),
                "description", "Learn", "category_id", category, "price", Map.of("amount", price, "currency", "USD"),
                "attributes", Map.of("level", "beginner", "language", "en"))).id();
        seller.post("/v1/listings/" + course + "/publish", Map.of());
        return course;
    }

    /** A new course of the seller bought and paid by a new buyer; returns the order id. */
    public String sell(Api.Client seller, String category, long price) {
        String course = publishCourse(seller, category, price);
        Api.Client buyer = fixtures.newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .isEqualTo("paid");
        return order;
    }

    /** OrderPaid reaches payouts after commit, asynchronously: waits until the sale's earnings are recorded. */
    public void awaitEarningsRecorded(String order) throws InterruptedException {
        assertThat(Eventually.holds(() -> jdbc.queryForObject("SELECT count(*) FROM seller_earnings WHERE order_id = ?",
                Long.class, order) > 0)).as("the sale reaches payouts").isTrue();
    }
}
