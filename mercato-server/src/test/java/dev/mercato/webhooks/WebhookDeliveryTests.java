package dev.mercato.webhooks;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.payouts.EarningsRelease;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.Marketplace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Every event Mercato emits reaches a real HTTP receiver, signed so the receiver can verify it, and can be replayed. */
class WebhookDeliveryTests extends WebhookIntegrationTest {

    @Autowired
    WebhookEventLog eventLog;
    @Autowired
    EarningsRelease release;
    @Autowired
    MercatoClock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Events events;

    Marketplace market;

    @BeforeEach
    void setUp() throws Exception {
        market = new Marketplace(api, admin(), jdbc);
    }

    @Test
    void everyEventTypeReachesTheReceiverSignedWithTheEndpointSecret() throws Exception {
        Api.Response endpoint = webhooks.endpoint(receiver.url(), List.of("*"));
        String secret = endpoint.text("secret");
        assertThat(secret).startsWith("whsec_");

        String user = market.fixtures().user();
        Api.Client seller = market.seller();
        String category = market.category();
        market.releaseAtOnce(seller);
        String paidOrder = market.sell(seller, category, 100_00);
        market.awaitEarningsRecorded(paidOrder);
        release.releaseDue();
        Api.Response payout = seller.post("/v1/payouts", Map.of("currency", "USD"));
        assertThat(payout.text("status")).as(payout.body().toString()).isEqualTo("paid");
        Api.Response reversed = admin().post("/v1/simulated-processor/transfers/" + payout.text("processor_transfer_id")
                + "/settle", Map.of("outcome", "reversed"));
        assertThat(reversed.status()).as(reversed.body().toString()).isEqualTo(200);
        String refundedOrder = market.sell(seller, category, 10_00);
        Api.Response refund = admin().post("/v1/refunds", Map.of("order_id", refundedOrder));
        assertThat(refund.status()).as(refund.body().toString()).isEqualTo(201);
        String disputedOrder = market.sell(seller, category, 20_00);
        String payment = jdbc.queryForObject("SELECT processor_payment_id FROM orders WHERE id = ?", String.class,
                disputedOrder);
        Api.Response dispute = admin().post("/v1/simulated-processor/payments/" + payment + "/dispute", Map.of());
        assertThat(dispute.status()).as(dispute.body().toString()).isIn(200, 201);
        assertThat(webhooks.dispatchUntil(() -> !received("dispute.opened", "order_id", disputedOrder).isEmpty()))
                .as("the dispute is opened before it is resolved").isTrue();
        admin().post("/v1/simulated-processor/disputes/" + dispute.id() + "/resolve", Map.of("outcome", "won"));

        Map<String, List<String>> expected = Map.of(
                "user.created", List.of("user_id", user),
                "order.paid", List.of("order_id", paidOrder),
                "payout.paid", List.of("payout_id", payout.id()),
                "payout.failed", List.of("payout_id", payout.id()),
                "order.refunded", List.of("order_id", refundedOrder),
                "dispute.opened", List.of("order_id", disputedOrder),
                "dispute.closed", List.of("order_id", disputedOrder));
        assertThat(webhooks.dispatchUntil(() -> expected.entrySet().stream()
                .allMatch(e -> !received(e.getKey(), e.getValue().get(0), e.getValue().get(1)).isEmpty())))
                .as("every type arrives; got " + receiver.received(r -> true).stream().map(Receiver.Received::type).toList())
                .isTrue();

        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            Receiver.Received got = received(e.getKey(), e.getValue().get(0), e.getValue().get(1)).getFirst();
            assertThat(SignatureVerifier.verify(got.signature(), got.body(), secret, clock.instant().getEpochSecond()))
                    .as("signature of " + e.getKey()).isTrue();
            assertThat(SignatureVerifier.verify(got.signature(), got.body(), "whsec_wrong", clock.instant().getEpochSecond()))
                    .isFalse();
            assertThat(SignatureVerifier.verify(got.signature(), got.body().replace("}", " }"), secret,
                    clock.instant().getEpochSecond())).as("a changed body does not verify").isFalse();
            assertThat(got.eventId()).startsWith("evt_").isEqualTo(got.json().path("id").asString());
            assertThat(Instant.parse(got.json().path("created_at").asString())).isBeforeOrEqualTo(clock.instant());
            JsonNode stored = admin().get("/v1/events/" + got.eventId()).body();
            assertThat(stored.path("type").asString()).isEqualTo(e.getKey());
            assertThat(stored.path("data")).isEqualTo(got.json().path("data"));
        }
        JsonNode paid = received("order.paid", "order_id", paidOrder).getFirst().json().path("data");
        assertThat(paid.path("total").asLong()).isEqualTo(100_00);
        assertThat(paid.path("currency").asString()).isEqualTo("USD");
        assertThat(paid.path("seller_earnings").get(0).path("amount").asLong()).isEqualTo(70_00);
        JsonNode failed = received("payout.failed", "payout_id", payout.id()).getFirst().json().path("data");
        assertThat(failed.path("was_paid").asBoolean()).isTrue();
        assertThat(failed.path("failure_code").asString()).isEqualTo("transfer_reversed");
        assertThat(received("dispute.closed", "order_id", disputedOrder).getFirst().json().path("data").path("outcome")
                .asString()).isEqualTo("won");

        String userEvent = received("user.created", "user_id", user).getFirst().eventId();
        assertThat(webhooks.dispatchUntil(() -> webhooks.delivery(endpoint.id(), userEvent).path("status").asString()
                .equals("succeeded"))).isTrue();
        JsonNode log = webhooks.delivery(endpoint.id(), userEvent);
        assertThat(log.path("attempt_log").get(0).path("status_code").asInt()).isEqualTo(200);
        assertThat(log.path("attempt_log").get(0).path("latency_ms").asLong()).isNotNegative();
    }

    @Test
    void anEndpointGetsOnlyTheTypesItAskedFor() {
        Api.Response orders = webhooks.endpoint(receiver.url(), List.of("order.paid"));
        String user = market.fixtures().user();

        assertThat(webhooks.dispatchUntil(() -> listedEvent("user.created", "user_id", user) != null)).isTrue();
        assertThat(webhooks.deliveries(orders.id()).size()).isZero();
        assertThat(receiver.received(r -> r.type().equals("user.created"))).isEmpty();
    }

    @Test
    void replayingAnEventSendsItAgainAsANewDelivery() {
        Api.Response endpoint = webhooks.endpoint(receiver.url(), List.of("user.created"));
        String user = market.fixtures().user();
        assertThat(webhooks.dispatchUntil(() -> received("user.created", "user_id", user).size() == 1)).isTrue();
        String event = received("user.created", "user_id", user).getFirst().eventId();

        Api.Response replay = admin().post("/v1/events/" + event + "/replay", Map.of("endpoint_id", endpoint.id()));

        assertThat(replay.status()).as(replay.body().toString()).isEqualTo(201);
        assertThat(replay.text("origin")).isEqualTo("replay");
        assertThat(replay.text("event_id")).isEqualTo(event);
        assertThat(webhooks.dispatchUntil(() -> received("user.created", "user_id", user).size() == 2
                && webhooks.deliveries(endpoint.id()).get(0).path("status").asString().equals("succeeded"))).isTrue();
        List<Receiver.Received> both = received("user.created", "user_id", user);
        assertThat(both.get(1).eventId()).as("the same event, so receivers can deduplicate").isEqualTo(event);
        assertThat(both.get(1).body()).isEqualTo(both.get(0).body());
        JsonNode deliveries = webhooks.deliveries(endpoint.id());
        assertThat(deliveries.size()).isEqualTo(2);
        assertThat(deliveries.get(0).path("origin").asString()).isEqualTo("replay");
        assertThat(deliveries.get(0).path("status").asString()).isEqualTo("succeeded");

        assertProblem(admin().post("/v1/events/evt_01JD3XAAAAAAAAAAAAAAAAAAAA/replay", Map.of("endpoint_id", endpoint.id())),
                404, "event_not_found");
        assertProblem(admin().post("/v1/events/" + event + "/replay", Map.of("endpoint_id", "we_nothing")), 404,
                "webhook_endpoint_not_found");
        admin().patch("/v1/webhook-endpoints/" + endpoint.id(), Map.of("disabled", true));
        assertProblem(admin().post("/v1/events/" + event + "/replay", Map.of("endpoint_id", endpoint.id())), 409,
                "webhook_endpoint_disabled");
        assertThat(webhooks.deliveries(endpoint.id()).size()).as("refusals store nothing").isEqualTo(2);
    }

    @Test
    void aDomainEventDeliveredTwiceMakesOneWebhookEvent() {
        Api.Response endpoint = webhooks.endpoint(receiver.url(), List.of("user.created"));
        String user = "usr_redelivered" + System.nanoTime();
        Instant at = clock.instant();

        eventLog.record("user.created", user, Map.of("user_id", user), at);
        eventLog.record("user.created", user, Map.of("user_id", user), at);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_events WHERE object_id = ?", Long.class, user))
                .isEqualTo(1);
        assertThat(webhooks.deliveries(endpoint.id()).size()).isEqualTo(1);
    }

    @Test
    void eventsAreListedNewestFirstAndFilteredByType() {
        String first = market.fixtures().user();
        String second = market.fixtures().user();
        assertThat(webhooks.dispatchUntil(() -> listedEvent("user.created", "user_id", second) != null
                && listedEvent("user.created", "user_id", first) != null)).isTrue();

        JsonNode page = admin().get("/v1/events?type=user.created&limit=100").body();
        assertThat(page.path("object").asString()).isEqualTo("list");
        for (JsonNode e : page.path("data")) {
            assertThat(e.path("type").asString()).isEqualTo("user.created");
            assertThat(e.path("object").asString()).isEqualTo("event");
        }
        JsonNode one = admin().get("/v1/events?limit=1").body();
        assertThat(one.path("data").size()).isEqualTo(1);
        assertThat(one.path("has_more").asBoolean()).isTrue();
        String cursor = one.path("data").get(0).path("id").asString();
        JsonNode next = admin().get("/v1/events?limit=1&starting_after=" + cursor).body().path("data").get(0);
        assertThat(next.path("id").asString()).isLessThan(cursor);
        assertProblem(admin().get("/v1/events?type=order.eaten"), 400, "invalid_type");
        assertProblem(admin().get("/v1/events/evt_nothing"), 404, "event_not_found");
        assertProblem(market.fixtures().newUserClient().get("/v1/events"), 403, "forbidden");
    }

    @Test
    void ledgerTransactionsAreNotPublishedUnlessTurnedOn() {
        HttpFixtures fixtures = market.fixtures();
        Api.Response made = admin().post("/v1/ledger/transactions",
                HttpFixtures.transfer("deposit", fixtures.world("USD"), fixtures.world("USD"), 5_00));
        assertThat(made.status()).as(made.body().toString()).isEqualTo(201);

        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM event_publication WHERE event_type LIKE '%TransactionPosted'""", Long.class))
                .as("off by default: no outbox row per transaction").isZero();
    }

    @Test
    void deliveredEventsGoAfterTheirRetentionWithTheirLogButOnesStillBeingRetriedStay() {
        webhooks.endpoint(receiver.url(), List.of("user.created"));
        String delivered = market.fixtures().user();
        assertThat(webhooks.dispatchUntil(() -> !received("user.created", "user_id", delivered).isEmpty())).isTrue();
        receiver.answer(r -> 500);
        String retrying = market.fixtures().user();
        assertThat(webhooks.dispatchUntil(() -> attemptsAbout(retrying) == 1)).isTrue();

        events.pruneBefore(clock.instant().minusSeconds(60), 1_000);
        assertThat(eventsAbout(delivered)).as("younger than the cut-off: kept").isEqualTo(1);

        // the shared test database holds events of every test before this one: prune them all, a batch at a time
        while (events.pruneBefore(clock.instant().plusSeconds(1), 1_000) > 0) {
            assertThat(eventsAbout(retrying)).as("still being retried: never pruned").isEqualTo(1);
        }

        assertThat(eventsAbout(delivered)).as("delivered and past retention: gone").isZero();
        assertThat(attemptsAbout(delivered)).as("with its delivery log").isZero();
        assertThat(eventsAbout(retrying)).as("still being retried: kept").isEqualTo(1);
        assertThat(attemptsAbout(retrying)).isEqualTo(1);
    }

    private long eventsAbout(String objectId) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_events WHERE object_id = ?", Long.class, objectId);
    }

    private long attemptsAbout(String objectId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
                JOIN webhook_events e ON e.id = d.event_id WHERE e.object_id = ?""", Long.class, objectId);
    }

    private List<Receiver.Received> received(String type, String field, String value) {
        return receiver.received(r -> r.type().equals(type) && r.json().path("data").path(field).asString().equals(value));
    }

    private JsonNode listedEvent(String type, String field, String value) {
        for (JsonNode e : admin().get("/v1/events?limit=100&type=" + type).body().path("data")) {
            if (e.path("data").path(field).asString().equals(value)) {
                return e;
            }
        }
        return null;
    }
}
