package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payments.internal.PaymentJanitor;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import dev.mercato.testing.ProcessorCrashes;
import dev.mercato.testing.ProcessorCrashes.Call;
import dev.mercato.testing.ProcessorCrashes.When;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A payment that ends after the buyer's call has — a processor timeout, a 3-D Secure step, a crash
 * around a processor call — still finishes its order, without the buyer calling pay again or when
 * the buyer retries, and charges once; while it may still charge, no other payment method is asked.
 */
class InterruptedPaymentsTests extends IntegrationTest {

    @Autowired
    PaymentJanitor janitor;
    @Autowired
    MercatoClock clock;
    @Autowired
    LedgerVerification verification;
    @Autowired
    JdbcTemplate jdbc;

    Marketplace market;
    Api.Client buyer;
    String order;

    @BeforeEach
    void setUp() {
        market = new Marketplace(api, admin(), jdbc);
        String course = market.publishCourse(market.seller(), market.category(), 25_00);
        buyer = market.fixtures().newUserClient();
        order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
    }

    @Test
    void aTimedOutPaymentIsFinishedByTheJanitorWithoutTheBuyerCallingAgain() {
        Api.Response timedOut = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_timeout"));
        assertThat(timedOut.status()).as(timedOut.body().toString()).isEqualTo(503);
        assertThat(buyer.get("/v1/orders/" + order).text("status")).isEqualTo("pending_payment");

        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();

        assertThat(Eventually.holds(() -> buyer.get("/v1/orders/" + order).text("status").equals("paid"))).isTrue();
        assertThat(chargesForThisOrder()).isEqualTo(1);
        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .as("paying again answers with the paid order").isEqualTo("paid");
        assertThat(chargesForThisOrder()).isEqualTo(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aThreeDSecurePaymentCompletesWhenTheCustomerAuthenticates() {
        Api.Response needsAction = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_requires_action"));
        assertThat(needsAction.status()).as(needsAction.body().toString()).isEqualTo(402);
        assertThat(needsAction.code()).isEqualTo("requires_action");
        String processorPayment = jdbc.queryForObject(
                "SELECT processor_payment_id FROM payment_attempts WHERE metadata->>'order_id' = ?", String.class, order);

        Api.Response authenticated = admin().post("/v1/simulated-processor/payments/" + processorPayment + "/authenticate",
                Map.of());
        assertThat(authenticated.status()).as(authenticated.body().toString()).isEqualTo(200);

        assertThat(Eventually.holds(() -> buyer.get("/v1/orders/" + order).text("status").equals("paid"))).isTrue();
        assertThat(chargesForThisOrder()).isEqualTo(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aBuyerWhoRetriesAfterThreeDSecureIsPaidAtOnce() {
        buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_requires_action"));
        String processorPayment = jdbc.queryForObject(
                "SELECT processor_payment_id FROM payment_attempts WHERE metadata->>'order_id' = ?", String.class, order);
        admin().post("/v1/simulated-processor/payments/" + processorPayment + "/authenticate", Map.of());

        Api.Response retried = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_requires_action"));

        assertThat(retried.status()).as(retried.body().toString()).isEqualTo(200);
        assertThat(retried.text("status")).isEqualTo("paid");
        assertThat(Eventually.holds(() -> chargesForThisOrder() == 1)).isTrue();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @AfterEach
    void disarm() {
        ProcessorCrashes.disarm();
    }

    @Test
    void anotherPaymentMethodIsRefusedWhileAnUnansweredPaymentHoldsTheOrder() {
        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_timeout")).status()).isEqualTo(503);

        Api.Response other = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_mastercard"));

        assertThat(other.status()).as(other.body().toString()).isEqualTo(409);
        assertThat(other.code()).isEqualTo("payment_in_progress");
        assertThat(processorPaymentsForThisOrder()).as("the other method was never asked").isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();
        assertThat(Eventually.holds(() -> buyer.get("/v1/orders/" + order).text("status").equals("paid"))).isTrue();
        assertThat(chargesForThisOrder()).isEqualTo(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aBuyerWhoAbandonsThreeDSecurePaysWithAnotherMethodAndTheAbandonedPaymentCannotCharge() {
        buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_requires_action"));
        String abandoned = jdbc.queryForObject(
                "SELECT processor_payment_id FROM payment_attempts WHERE metadata->>'order_id' = ?", String.class, order);

        Api.Response other = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_mastercard"));

        assertThat(other.status()).as(other.body().toString()).isEqualTo(200);
        assertThat(other.text("status")).isEqualTo("paid");
        assertThat(jdbc.queryForObject("SELECT status FROM simulated_payments WHERE id = ?", String.class, abandoned))
                .isEqualTo("canceled");
        assertThat(admin().post("/v1/simulated-processor/payments/" + abandoned + "/authenticate", Map.of()).status())
                .as("the customer can no longer complete it").isEqualTo(409);
        assertThat(chargesForThisOrder()).isEqualTo(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void aCrashAroundAProcessorCallIsFinishedByTheBuyersRetryChargingOnce(CrashPoint point) {
        crash(point);

        Api.Response retried = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));

        assertThat(retried.status()).as(retried.body().toString()).isEqualTo(200);
        assertThat(retried.text("status")).isEqualTo("paid");
        assertPaidOnce();
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void aCrashAroundAProcessorCallIsResolvedByTheJanitorChargingOnce(CrashPoint point) {
        crash(point);

        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();

        if (point == CrashPoint.AFTER_THE_CLAIM) {
            assertThat(buyer.get("/v1/orders/" + order).text("payment_step")).as("the processor has not heard of it yet")
                    .isEqualTo("authorizing");
            clock.advance(Duration.ofMinutes(15));
            janitor.reconcileDue();
            assertThat(Eventually.holds(() -> buyer.get("/v1/orders/" + order).text("payment_step").equals("failed")))
                    .as("never charged: the order is released").isTrue();
            assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_mastercard")).text("status"))
                    .isEqualTo("paid");
        }
        assertThat(Eventually.holds(() -> buyer.get("/v1/orders/" + order).text("status").equals("paid"))).isTrue();
        assertPaidOnce();
    }

    /** Where the service dies while paying: after each step that changes something, on either side. */
    enum CrashPoint {
        /** The order claimed and the attempt recorded; the processor never asked. */
        AFTER_THE_CLAIM(Call.AUTHORIZE_AND_CAPTURE, When.BEFORE),
        /**
         * Authorized and captured by the processor in its one call, nothing recorded: what a
         * settlement that failed or never committed leaves too, as it records the capture and
         * settles in one transaction.
         */
        AFTER_THE_CAPTURE(Call.AUTHORIZE_AND_CAPTURE, When.AFTER);

        final Call call;
        final When when;

        CrashPoint(Call call, When when) {
            this.call = call;
            this.when = when;
        }
    }

    /** Pays and dies at {@code point}: the order stays claimed, and no other payment method is asked meanwhile. */
    private void crash(CrashPoint point) {
        ProcessorCrashes.arm(point.call, point.when);
        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).status()).isEqualTo(500);
        ProcessorCrashes.disarm();
        Api.Response crashed = buyer.get("/v1/orders/" + order);
        assertThat(crashed.text("status")).isEqualTo("pending_payment");
        assertThat(crashed.text("payment_step")).isEqualTo("authorizing");
        Api.Response other = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_mastercard"));
        assertThat(other.code()).as(other.body().toString()).isEqualTo("payment_in_progress");
    }

    private void assertPaidOnce() {
        assertThat(chargesForThisOrder()).isEqualTo(1);
        assertThat(processorPaymentsForThisOrder()).as("no other payment asked for").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_transactions WHERE reference = ? AND type = 'order.split'",
                Long.class, order)).isEqualTo(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    /** What the processor was asked to pay for this order, charged or not. */
    private long processorPaymentsForThisOrder() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM simulated_payments p JOIN payment_attempts a ON a.id = p.reference
                WHERE a.metadata->>'order_id' = ?""", Long.class, order);
    }

    private long chargesForThisOrder() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM simulated_payments p JOIN payment_attempts a ON a.id = p.reference
                WHERE a.metadata->>'order_id' = ? AND p.amount_captured > 0""", Long.class, order);
    }
}
