package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventReceived;
import dev.mercato.payments.ProcessorEventType;
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

/** Chargebacks reported by the (simulated) processor through signed webhooks. */
class DisputesTests extends IntegrationTest {

    @Autowired
    Accounts accounts;
    @Autowired
    LedgerVerification verification;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DisputeManagement disputes;

    HttpFixtures fixtures;
    Api.Client instructor;
    String category;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        instructor = fixtures.newUserClient();
        instructor.post("/v1/payout-accounts", Map.of());
        category = admin().post("/v1/categories", Map.of("name", "Learn", "slug", "d-" + UUID.randomUUID())).id();
    }

    @Test
    void aLostDisputeTakesTheAmountAndTheFeeFromTheSeller() throws InterruptedException {
        String order = sell(49_99);
        long revenueBefore = revenue();

        Api.Response dispute = admin().post("/v1/simulated-processor/payments/" + processorPayment(order) + "/dispute", Map.of());
        assertThat(dispute.status()).as(dispute.body().toString()).isIn(200, 201);
        awaitStatus(order, "disputed");
        assertThat(pending()).as("held from the seller while open").isZero();
        assertThat(revenue() - revenueBefore).isEqualTo(-15_00);

        Api.Response lost = admin().post("/v1/simulated-processor/disputes/" + dispute.id() + "/resolve", Map.of("outcome", "lost"));
        assertThat(lost.status()).as(lost.body().toString()).isEqualTo(200);
        long fee = lost.number("fee");
        awaitStatus(order, "refunded");

        assertThat(fee).isPositive();
        assertThat(pending()).isZero();
        assertThat(instructor.get("/v1/sellers/me/earnings").body().path("totals").get(0).path("owed").asLong())
                .as("the dispute fee, beyond the order's earnings, is owed").isEqualTo(fee);
        assertThat(admin().get("/v1/orders/" + order).body().path("lines").get(0).path("refunded").asLong()).isEqualTo(49_99);
        assertThat(admin().post("/v1/refunds", Map.of("order_id", order)).code()).isEqualTo("order_not_refundable");
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aWonDisputeGivesEverythingBack() throws InterruptedException {
        String order = sell(20_00);
        long revenueBefore = revenue();
        Api.Response dispute = admin().post("/v1/simulated-processor/payments/" + processorPayment(order) + "/dispute", Map.of());
        awaitStatus(order, "disputed");
        assertThat(admin().post("/v1/refunds", Map.of("order_id", order)).code())
                .as("no refund while disputed").isEqualTo("order_not_refundable");

        admin().post("/v1/simulated-processor/disputes/" + dispute.id() + "/resolve", Map.of("outcome", "won"));
        awaitStatus(order, "paid");

        assertThat(pending()).isEqualTo(14_00);
        assertThat(revenue()).isEqualTo(revenueBefore);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aRedeliveredDisputeEventHoldsNothingTwice() throws InterruptedException {
        String order = sell(30_00);
        admin().post("/v1/simulated-processor/payments/" + processorPayment(order) + "/dispute", Map.of());
        awaitStatus(order, "disputed");
        ProcessorEvent event = jdbc.queryForObject("""
                SELECT event_id, object_id, payment_id, amount, fee, currency, created_at FROM processor_events
                WHERE type = 'dispute.opened' AND payment_id = ?""", (rs, n) -> new ProcessorEvent(rs.getString(1),
                ProcessorEventType.DISPUTE_OPENED, "dispute.opened", rs.getString(2), rs.getString(3), null, rs.getLong(4),
                rs.getLong(5), rs.getString(6), null, rs.getTimestamp(7).toInstant()), processorPayment(order));

        disputes.on(new ProcessorEventReceived("simulated", event)); // delivered again, as at-least-once allows
        Thread.sleep(1_000);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_transactions WHERE reference = ? AND type = 'dispute.hold'",
                Long.class, order)).isEqualTo(1);
        assertThat(pending()).isZero();
        assertThat(verification.verify().violations()).isEmpty();
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

    private String processorPayment(String order) {
        return jdbc.queryForObject("SELECT processor_payment_id FROM orders WHERE id = ?", String.class, order);
    }

    private void awaitStatus(String order, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!admin().get("/v1/orders/" + order).text("status").equals(status)) {
            assertThat(System.nanoTime()).as("order becomes " + status).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private long pending() {
        return accounts.find(AccountOwner.user(instructor.get("/v1/users/me").id()), "seller.earnings.pending", "USD")
                .map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }

    private long revenue() {
        return accounts.find(AccountOwner.platform(), "platform.revenue", "USD").map(a -> accounts.balance(a.id()).posted())
                .orElse(0L);
    }
}
