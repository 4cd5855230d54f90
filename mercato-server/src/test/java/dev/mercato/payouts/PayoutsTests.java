package dev.mercato.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Sellers are paid from what is available, never more, never twice. */
class PayoutsTests extends IntegrationTest {

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
    void anInstructorIsPaidOnceTheHoldPeriodHasPassed() throws InterruptedException {
        market.awaitEarningsRecorded(market.sell(instructor, category, 49_99));
        assertThat(instructor.post("/v1/payouts", Map.of("currency", "USD")).code())
                .as("nothing available during the hold period").isEqualTo("payout_below_minimum");

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        release.releaseDue();
        Api.Response payout = instructor.post("/v1/payouts", Map.of("currency", "USD"));

        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        assertThat(payout.text("status")).isEqualTo("paid");
        assertThat(payout.number("amount")).isEqualTo(34_99);
        assertThat(payout.text("processor_transfer_id")).isNotBlank();
        JsonNode totals = instructor.get("/v1/sellers/me/earnings").body().path("totals").get(0);
        assertThat(List.of(totals.path("available").asLong(), totals.path("paid_out").asLong())).containsExactly(0L, 34_99L);
        assertThat(instructor.get("/v1/payouts").body().path("data").get(0).path("id").asString()).isEqualTo(payout.id());
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aPayoutNeverExceedsWhatIsAvailableEvenWhenTwoRace() throws Exception {
        market.releaseAtOnce(instructor);
        market.awaitEarningsRecorded(market.sell(instructor, category, 100_00));
        release.releaseDue();

        assertThat(instructor.post("/v1/payouts", Map.of("currency", "USD", "amount", 70_01)).code())
                .isEqualTo("payout_exceeds_available");
        List<CompletableFuture<Api.Response>> racing = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racing.add(CompletableFuture.supplyAsync(() -> instructor.post("/v1/payouts", Map.of("currency", "USD", "amount", 50_00))));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Api.Response> r : racing) {
            statuses.add(r.get().status());
        }

        assertThat(statuses).containsExactlyInAnyOrder(201, 422);
        JsonNode totals = instructor.get("/v1/sellers/me/earnings").body().path("totals").get(0);
        assertThat(List.of(totals.path("available").asLong(), totals.path("paid_out").asLong())).containsExactly(20_00L, 50_00L);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aPayoutRacingARefundNeverPaysTheSameMoneyTwice() throws Exception {
        market.releaseAtOnce(instructor);
        String order = market.sell(instructor, category, 100_00);
        market.awaitEarningsRecorded(order);
        release.releaseDue();

        CompletableFuture<Api.Response> payout = CompletableFuture.supplyAsync(
                () -> instructor.post("/v1/payouts", Map.of("currency", "USD", "amount", 70_00)));
        CompletableFuture<Api.Response> refund = CompletableFuture.supplyAsync(
                () -> admin().post("/v1/refunds", Map.of("order_id", order)));
        Api.Response paid = payout.get(30, TimeUnit.SECONDS);
        Api.Response refunded = refund.get(30, TimeUnit.SECONDS);

        assertThat(paid.status()).as(paid.body().toString()).isIn(201, 422);
        assertThat(refunded.status()).as(refunded.body().toString()).isIn(201, 422);
        assertThat(paid.status() == 201 || refunded.status() == 201).as("one of them goes through").isTrue();
        JsonNode totals = instructor.get("/v1/sellers/me/earnings").body().path("totals").get(0);
        long refundedShare = refunded.status() == 201 ? 70_00 : 0;
        long paidOut = paid.status() == 201 && paid.text("status").equals("paid") ? 70_00 : 0;
        // Whatever the order: what the seller earned less what was refunded of it is exactly what it
        // holds, was paid, or owes — no money paid twice, none lost.
        assertThat(totals.path("paid_out").asLong()).isEqualTo(paidOut);
        assertThat(totals.path("available").asLong() + totals.path("paid_out").asLong() - totals.path("owed").asLong())
                .isEqualTo(70_00 - refundedShare);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aTransferTheProcessorRefusesReturnsTheMoneyToAvailable() throws InterruptedException {
        market.releaseAtOnce(instructor);
        market.awaitEarningsRecorded(market.sell(instructor, category, 20_00));
        release.releaseDue();
        jdbc.update("UPDATE payout_accounts SET processor_account_id = 'acct_closed_at_processor' WHERE seller_id = ?", me());

        Api.Response payout = instructor.post("/v1/payouts", Map.of("currency", "USD"));

        assertThat(payout.text("status")).as(payout.body().toString()).isEqualTo("failed");
        assertThat(payout.text("failure_code")).isNotBlank();
        assertThat(instructor.get("/v1/sellers/me/earnings").body().path("totals").get(0).path("available").asLong())
                .isEqualTo(14_00);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void refusesBadPayoutRequests() {
        Api.Client noAccount = fixtures.newUserClient();
        assertThat(noAccount.post("/v1/payouts", Map.of("currency", "USD")).code()).isEqualTo("payout_account_not_ready");
        assertThat(instructor.post("/v1/payouts", Map.of("currency", "usd")).code()).isEqualTo("invalid_currency");
        assertThat(instructor.post("/v1/payouts", Map.of("currency", "USD", "amount", -5)).code()).isEqualTo("invalid_amount");
        assertThat(instructor.post("/v1/payouts", Map.of("currency", "USD", "amount", 50)).code()).isEqualTo("payout_below_minimum");
        assertThat(fixtures.newUserClient().get("/v1/payouts/po_unknown").status()).isEqualTo(404);
    }



    private String me() {
        return instructor.get("/v1/users/me").id();
    }

}
