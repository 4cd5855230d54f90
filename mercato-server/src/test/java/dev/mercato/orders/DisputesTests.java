package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventReceived;
import dev.mercato.payments.ProcessorEventType;
import dev.mercato.payments.RecordedEvents;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

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
    @Autowired
    ConfigurableApplicationContext context;

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
    void aLostDisputeTakesTheAmountAndTheFeeFromTheSeller() throws InterruptedException {
        String order = market.sell(instructor, category, 49_99);
        long revenueBefore = revenue();
        RecordedEvents<DisputeOpened> opened = RecordedEvents.of(DisputeOpened.class, context);
        RecordedEvents<DisputeClosed> closed = RecordedEvents.of(DisputeClosed.class, context);

        Api.Response dispute = admin().post("/v1/simulated-processor/payments/" + processorPayment(order) + "/dispute", Map.of());
        assertThat(dispute.status()).as(dispute.body().toString()).isIn(200, 201);
        awaitStatus(order, "disputed");
        assertThat(pending()).as("held from the seller while open").isZero();
        assertThat(revenue() - revenueBefore).isEqualTo(-15_00);

        Api.Response lost = admin().post("/v1/simulated-processor/disputes/" + dispute.id() + "/resolve", Map.of("outcome", "lost"));
        assertThat(lost.status()).as(lost.body().toString()).isEqualTo(200);
        long fee = lost.number("fee");
        awaitStatus(order, "refunded");
        opened.close();
        closed.close();
        assertThat(opened.matching(e -> e.orderId().equals(order))).singleElement()
                .satisfies(r -> assertThat(r.event().amount()).isEqualTo(49_99));
        assertThat(closed.matching(e -> e.orderId().equals(order))).singleElement()
                .satisfies(r -> assertThat(r.event().outcome()).isEqualTo("lost"))
                .satisfies(r -> assertThat(r.event().fee()).isEqualTo(fee));

        assertThat(fee).isPositive();
        assertThat(pending()).isZero();
        assertThat(instructor.get("/v1/sellers/me/earnings").body().path("totals").get(0).path("owed").asLong())
                .as("the dispute fee, beyond the order's earnings, is owed").isEqualTo(fee);
        assertThat(admin().get("/v1/orders/" + order).body().path("lines").get(0).path("refunded").asLong()).isEqualTo(49_99);
        assertThat(admin().post("/v1/refunds", Map.of("order_id", order)).code()).isEqualTo("order_not_refundable");
        assertThat(verification.verify().violations()).isEmpty();

        JsonNode listed = admin().get("/v1/disputes?status=lost&limit=100").body().path("data");
        JsonNode ours = null;
        for (JsonNode d : listed) {
            if (d.path("order_id").asString().equals(order)) {
                ours = d;
            }
        }
        assertThat(ours).as("the operator lists the lost dispute").isNotNull();
        assertThat(ours.path("processor_dispute_id").asString()).isEqualTo(dispute.id());
        assertThat(ours.path("amount").asLong()).isEqualTo(49_99);
        assertThat(ours.path("fee").asLong()).isEqualTo(fee);
        assertThat(ours.path("held_from").get(0).path("seller_id").asString()).isEqualTo(instructor.get("/v1/users/me").id());
        assertThat(ours.path("resolved_at").isNull()).isFalse();
        String id = ours.path("id").asString();
        assertThat(instructor.get("/v1/disputes/" + id).number("amount")).as("the seller sees it").isEqualTo(49_99);
        assertThat(market.fixtures().newUserClient().get("/v1/disputes/" + id).status()).isEqualTo(404);
        assertThat(instructor.get("/v1/disputes").status()).as("listing is for operators").isEqualTo(403);
        assertThat(admin().get("/v1/disputes?status=sideways").code()).isEqualTo("invalid_status");
        for (JsonNode d : admin().get("/v1/disputes?status=open&limit=100").body().path("data")) {
            assertThat(d.path("status").asString()).isEqualTo("open");
        }
    }

    @Test
    void aWonDisputeGivesEverythingBack() throws InterruptedException {
        String order = market.sell(instructor, category, 20_00);
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
        String order = market.sell(instructor, category, 30_00);
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


    private String processorPayment(String order) {
        return jdbc.queryForObject("SELECT processor_payment_id FROM orders WHERE id = ?", String.class, order);
    }

    private void awaitStatus(String order, String status) throws InterruptedException {
        assertThat(Eventually.holds(() -> admin().get("/v1/orders/" + order).text("status").equals(status)))
                .as("order becomes " + status).isTrue();
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
