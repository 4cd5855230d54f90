package dev.mercato.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payments.RecordedEvents;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Payouts on a schedule, and payouts whose transfer the processor completes later, fails, reverses
 * or never answered: the money is always either paid out or back in the seller's available
 * balance, never both and never twice.
 */
class PayoutLifecycleTests extends IntegrationTest {

    @Autowired
    EarningsRelease release;
    @Autowired
    ScheduledPayouts scheduled;
    @Autowired
    PayoutManagement payouts;
    @Autowired
    MercatoClock clock;
    @Autowired
    LedgerVerification verification;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConfigurableApplicationContext context;

    Marketplace market;
    Api.Client seller;
    String category;

    @BeforeEach
    void setUp() throws InterruptedException {
        market = new Marketplace(api, admin(), jdbc);
        seller = market.seller();
        category = market.category();
        market.releaseAtOnce(seller);
        market.awaitEarningsRecorded(market.sell(seller, category, 100_00));
        release.releaseDue();
        assertThat(available()).isEqualTo(70_00);
    }

    @Test
    void aDailySchedulePaysOutEverythingAvailableAtMidnightOnceADay() {
        Api.Response set = seller.put("/v1/sellers/me/payout-schedule", Map.of("interval", "daily"));
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
        Instant next = Instant.parse(set.text("next_run_at"));
        assertThat(next).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofDays(1)).plusSeconds(1));

        scheduled.runDue();
        assertThat(payoutsOfSeller().size()).as("not due before midnight").isZero();

        clock.advance(Duration.between(clock.instant(), next).plusMinutes(1));
        scheduled.runDue();
        scheduled.runDue();

        JsonNode made = payoutsOfSeller();
        assertThat(made.size()).isEqualTo(1);
        assertThat(made.get(0).path("origin").asString()).isEqualTo("schedule");
        assertThat(made.get(0).path("status").asString()).isEqualTo("paid");
        assertThat(made.get(0).path("amount").asLong()).isEqualTo(70_00);
        assertThat(available()).isZero();
        JsonNode schedule = seller.get("/v1/sellers/me/payout-schedule").body();
        assertThat(Instant.parse(schedule.path("next_run_at").asString())).isEqualTo(next.plus(Duration.ofDays(1)));
        assertThat(schedule.path("last_run_at").isNull()).isFalse();
        assertThat(seller.put("/v1/sellers/me/payout-schedule", Map.of("interval", "weekly", "weekly_anchor", "someday"))
                .code()).isEqualTo("invalid_anchor");
        assertThat(seller.put("/v1/sellers/me/payout-schedule", Map.of("interval", "manual")).body()
                .path("next_run_at").isNull()).isTrue();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aPendingTransferStaysInTransitUntilItsWebhookSaysPaid() {
        transferMode("pending");
        RecordedEvents<PayoutPaid> paid = RecordedEvents.of(PayoutPaid.class, context);
        Api.Response payout = seller.post("/v1/payouts", Map.of("currency", "USD"));
        assertThat(payout.text("status")).isEqualTo("in_transit");
        assertThat(available()).as("in transit is not available").isZero();
        assertThat(paid.matching(e -> e.payoutId().equals(payout.id()))).as("not paid while in transit").isEmpty();

        settleTransfer(payout.text("processor_transfer_id"), "paid");

        assertThat(Eventually.holds(() -> status(payout.id()).equals("paid"))).isTrue();
        paid.close();
        assertThat(paid.matching(e -> e.payoutId().equals(payout.id()))).singleElement()
                .satisfies(r -> assertThat(r.inTransaction()).as("published with the change").isTrue())
                .satisfies(r -> assertThat(r.event().amount()).isEqualTo(70_00))
                .satisfies(r -> assertThat(r.event().transferId()).isEqualTo(payout.text("processor_transfer_id")));
        assertThat(available()).isZero();
        assertThat(paidOut()).isEqualTo(70_00);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aFailedTransferReturnsTheMoneyToAvailable() {
        transferMode("pending");
        Api.Response payout = seller.post("/v1/payouts", Map.of("currency", "USD"));

        settleTransfer(payout.text("processor_transfer_id"), "failed");

        assertThat(Eventually.holds(() -> status(payout.id()).equals("failed"))).isTrue();
        assertThat(seller.get("/v1/payouts/" + payout.id()).text("failure_code")).isEqualTo("account_closed");
        assertThat(available()).isEqualTo(70_00);
        assertThat(paidOut()).isZero();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aTransferReversedAfterItWasPaidReturnsTheMoneyOnce() {
        RecordedEvents<PayoutFailed> failed = RecordedEvents.of(PayoutFailed.class, context);
        Api.Response payout = seller.post("/v1/payouts", Map.of("currency", "USD"));
        assertThat(payout.text("status")).isEqualTo("paid");

        Api.Response reversed = settleTransfer(payout.text("processor_transfer_id"), "reversed");
        assertThat(Eventually.holds(() -> status(payout.id()).equals("failed"))).isTrue();
        failed.close();
        assertThat(failed.matching(e -> e.payoutId().equals(payout.id()))).singleElement()
                .satisfies(r -> assertThat(r.event().wasPaid()).isTrue())
                .satisfies(r -> assertThat(r.event().failureCode()).isEqualTo("transfer_reversed"));
        assertThat(seller.get("/v1/payouts/" + payout.id()).text("failure_code")).isEqualTo("transfer_reversed");
        assertThat(available()).isEqualTo(70_00);
        assertThat(paidOut()).isZero();
        assertThat(reversed.body().path("event").path("type").asString()).isEqualTo("transfer.reversed");
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aTransferWhoseAnswerWasLostIsFinishedByTheJanitorWithoutPayingTwice() {
        transferMode("unavailable");
        Api.Response payout = seller.post("/v1/payouts", Map.of("currency", "USD"));
        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        assertThat(payout.text("status")).isEqualTo("in_transit");
        assertThat(payout.body().path("processor_transfer_id").isNull()).isTrue();

        clock.advance(PayoutManagement.CHECK_AFTER.plusSeconds(1));
        payouts.reconcileUnsettled();

        assertThat(status(payout.id())).isEqualTo("paid");
        assertThat(seller.get("/v1/payouts/" + payout.id()).text("processor_transfer_id")).isNotBlank();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM simulated_transfers WHERE transfer_group = ?", Long.class,
                payout.id())).isEqualTo(1);
        assertThat(available()).isZero();
        assertThat(paidOut()).isEqualTo(70_00);
        assertThat(verification.verify().violations()).isEmpty();
    }

    private void transferMode(String mode) {
        String account = seller.get("/v1/payout-accounts/me").text("processor_account_id");
        Api.Response set = admin().put("/v1/simulated-processor/accounts/" + account + "/transfer-mode", Map.of("mode", mode));
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
    }

    private Api.Response settleTransfer(String transferId, String outcome) {
        Api.Response settled = admin().post("/v1/simulated-processor/transfers/" + transferId + "/settle",
                Map.of("outcome", outcome));
        assertThat(settled.status()).as(settled.body().toString()).isEqualTo(200);
        assertThat(settled.body().path("event").path("delivered").asBoolean()).isTrue();
        return settled;
    }

    private String status(String payoutId) {
        return seller.get("/v1/payouts/" + payoutId).text("status");
    }

    private JsonNode payoutsOfSeller() {
        return seller.get("/v1/payouts").body().path("data");
    }

    private long available() {
        return totals().path("available").asLong();
    }

    private long paidOut() {
        return totals().path("paid_out").asLong();
    }

    private JsonNode totals() {
        return seller.get("/v1/sellers/me/earnings").body().path("totals").get(0);
    }
}
