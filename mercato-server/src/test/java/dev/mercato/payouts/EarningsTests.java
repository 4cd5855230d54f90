package dev.mercato.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    Marketplace market;
    Api.Client instructor;
    String category;

    @BeforeEach
    void setUp() {
        market = new Marketplace(api, admin(), jdbc);
        fixtures = market.fixtures();
        instructor = market.seller();
        category = market.category();
    }

    @Test
    void earningsBecomeAvailableOnceTheHoldPeriodHasPassed() throws InterruptedException {
        String order = market.sell(instructor, category, 49_99);
        market.awaitEarningsRecorded(order);
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

        String order = market.sell(instructor, category, 10_00);
        market.awaitEarningsRecorded(order);
        release.releaseDue();

        assertThat(totals().path("available").asLong()).isEqualTo(7_00);
        assertThat(admin().patch("/v1/payout-accounts/" + payoutAccount, Map.of("hold_days", 400)).code())
                .isEqualTo("invalid_hold_days");
    }

    @Test
    void theSummaryShowsEarningsPerPeriod() throws InterruptedException {
        market.awaitEarningsRecorded(market.sell(instructor, category, 20_00));
        market.awaitEarningsRecorded(market.sell(instructor, category, 30_00));

        Api.Response summary = instructor.get("/v1/sellers/me/earnings?period=day&limit=5");

        assertThat(summary.body().path("history").get(0).path("earned").asLong()).isEqualTo(14_00 + 21_00);
        assertThat(instructor.get("/v1/sellers/me/earnings?period=year").code()).isEqualTo("invalid_period");
        assertThat(fixtures.newUserClient().get("/v1/sellers/me/earnings").body().path("totals").size()).isZero();
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
