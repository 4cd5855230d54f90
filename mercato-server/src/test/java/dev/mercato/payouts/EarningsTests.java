package dev.mercato.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.platform.MercatoClock;
import dev.mercato.support.Api;
import dev.mercato.support.HttpFixtures;
import dev.mercato.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Earnings stay pending through the hold period, then become available; the seller sees all of it. */
class EarningsTests extends IntegrationTest {

    @Autowired
    EarningsRelease release;
    @Autowired
    MercatoClock clock;
    @Autowired
    LedgerVerification verification;
    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;
    Api.Client instructor;
    String category;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        instructor = fixtures.newUserClient();
        instructor.post("/v1/payout-accounts", Map.of());
        category = admin().post("/v1/categories", Map.of("name", "Learn", "slug", "e-" + UUID.randomUUID())).id();
    }

    @Test
    void earningsBecomeAvailableOnceTheHoldPeriodHasPassed() throws InterruptedException {
        String order = sell(49_99);
        awaitScheduled(order);
        assertThat(pendingAvailableEarned()).containsExactly(34_99L, 0L, 34_99L);

        clock.advance(Duration.ofDays(6));
        release.releaseDue();
        assertThat(totals().path("available").asLong()).as("six days: still pending").isZero();

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        release.releaseDue();
        assertThat(pendingAvailableEarned()).containsExactly(0L, 34_99L, 34_99L);
        release.releaseDue();
        assertThat(totals().path("available").asLong()).as("released once").isEqualTo(34_99L);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void anOperatorCanShortenASellersHoldPeriod() throws InterruptedException {
        String payoutAccount = instructor.get("/v1/payout-accounts/me").id();
        assertThat(instructor.patch("/v1/payout-accounts/" + payoutAccount, Map.of("hold_days", 0)).status()).isEqualTo(403);
        assertThat(admin().patch("/v1/payout-accounts/" + payoutAccount, Map.of("hold_days", 0)).number("hold_days")).isZero();

        String order = sell(10_00);
        awaitScheduled(order);
        release.releaseDue();

        assertThat(totals().path("available").asLong()).isEqualTo(7_00);
        assertThat(admin().patch("/v1/payout-accounts/" + payoutAccount, Map.of("hold_days", 400)).code())
                .isEqualTo("invalid_hold_days");
    }

    @Test
    void theSummaryShowsEarningsPerPeriod() throws InterruptedException {
        awaitScheduled(sell(20_00));
        awaitScheduled(sell(30_00));

        Api.Response summary = instructor.get("/v1/sellers/me/earnings?period=day&limit=5");

        assertThat(summary.body().path("history").get(0).path("earned").asLong()).isEqualTo(14_00 + 21_00);
        assertThat(instructor.get("/v1/sellers/me/earnings?period=year").code()).isEqualTo("invalid_period");
        assertThat(fixtures.newUserClient().get("/v1/sellers/me/earnings").body().path("totals").size()).isZero();
    }

    private String sell(long price) {
        String course = instructor.post("/v1/listings", Map.of("kind", "course", "title", "Course " + UUID.randomUUID(),
                "description", "Learn", "category_id", category, "price", Map.of("amount", price, "currency", "USD"),
                "attributes", Map.of("level", "beginner", "language", "en"))).id();
        instructor.post("/v1/listings/" + course + "/publish", Map.of());
        Api.Client student = fixtures.newUserClient();
        String order = student.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        assertThat(student.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .isEqualTo("paid");
        return order;
    }

    /** OrderPaid reaches payouts after commit, asynchronously. */
    private void awaitScheduled(String order) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM seller_earnings WHERE order_id = ?", Long.class, order) == 0) {
            assertThat(System.nanoTime()).as("the sale reaches payouts").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private List<Long> pendingAvailableEarned() {
        JsonNode t = totals();
        return List.of(t.path("pending").asLong(), t.path("available").asLong(), t.path("total_earned").asLong());
    }

    private JsonNode totals() {
        Api.Response response = instructor.get("/v1/sellers/me/earnings");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().path("totals").get(0);
    }
}
