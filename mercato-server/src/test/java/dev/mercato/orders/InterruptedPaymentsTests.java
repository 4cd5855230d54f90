package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payments.internal.PaymentJanitor;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A payment that ends after the buyer's call has — a processor timeout, a 3-D Secure step — still
 * finishes its order, without the buyer calling pay again, and charges once.
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

    private long chargesForThisOrder() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM simulated_payments p JOIN payment_attempts a ON a.processor_payment_id = p.id
                WHERE a.metadata->>'order_id' = ? AND p.amount_captured > 0""", Long.class, order);
    }
}
