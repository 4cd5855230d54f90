package dev.mercato.payments;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.SignedWebhooks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code POST /v1/processor-webhooks/{adapter}}: signed deliveries are stored once and published
 * once; forged, stale and replayed deliveries change nothing. Fixtures are signed here with the
 * simulated processor's development secret, computed independently of the production code.
 */
class ProcessorWebhookTests extends IntegrationTest {

    static final String SECRET = SignedWebhooks.SECRET;

    @Autowired
    MercatoClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConfigurableApplicationContext context;

    RecordedEvents<ProcessorEventReceived> received;

    @BeforeEach
    void record() {
        received = RecordedEvents.of(ProcessorEventReceived.class, context);
    }

    @AfterEach
    void stopRecording() {
        received.close();
    }

    @Test
    void aSignedEventIsStoredAndPublishedOnceInsideTheTransaction() {
        String id = "sim_evt_" + UUID.randomUUID();
        String body = event(id, "dispute.opened", "sim_dp_1", "sim_pi_1", 1_000, 1_500);

        Api.Response response = deliver("simulated", body, sign(SECRET, clock.instant().getEpochSecond(), body));

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(response.body().path("received").asBoolean()).isTrue();
        assertThat(response.body().path("duplicate").asBoolean()).isFalse();
        assertThat(response.text("event_id")).isEqualTo(id);
        assertThat(response.text("type")).isEqualTo("dispute.opened");
        List<RecordedEvents.Recorded<ProcessorEventReceived>> published = received.matching(e -> e.event().id().equals(id));
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().inTransaction()).isTrue();
        ProcessorEvent event = published.getFirst().event().event();
        assertThat(published.getFirst().event().adapter()).isEqualTo("simulated");
        assertThat(event.type()).isEqualTo(ProcessorEventType.DISPUTE_OPENED);
        assertThat(event.paymentId()).isEqualTo("sim_pi_1");
        assertThat(event.amount()).isEqualTo(1_000);
        assertThat(event.fee()).isEqualTo(1_500);
        assertThat(event.currency()).isEqualTo("USD");
        assertThat(stored(id)).isEqualTo(1);
    }

    @Test
    void aReplayedDeliveryIsAcknowledgedAndHasNoSecondEffect() {
        String id = "sim_evt_" + UUID.randomUUID();
        String body = event(id, "payout.failed", "sim_po_1", null, 500, 0);
        String signature = sign(SECRET, clock.instant().getEpochSecond(), body);
        deliver("simulated", body, signature);

        Api.Response replay = deliver("simulated", body, signature);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().path("duplicate").asBoolean()).isTrue();
        assertThat(received.matching(e -> e.event().id().equals(id))).hasSize(1);
        assertThat(stored(id)).isEqualTo(1);
    }

    @Test
    void aForgedOrTamperedDeliveryIsRefused() {
        String id = "sim_evt_" + UUID.randomUUID();
        String body = event(id, "dispute.lost", "sim_dp_2", "sim_pi_2", 1_000, 1_500);
        long now = clock.instant().getEpochSecond();

        assertProblem(deliver("simulated", body, sign("whsec_guessed", now, body)), 400, "invalid_signature");
        assertProblem(deliver("simulated", body.replace("1000", "9000"), sign(SECRET, now, body)), 400, "invalid_signature");
        assertProblem(deliver("simulated", body, null), 400, "invalid_signature");
        assertProblem(deliver("simulated", body, "t=" + now + ",v1=zz"), 400, "invalid_signature");

        assertThat(stored(id)).isZero();
        assertThat(received.matching(e -> e.event().id().equals(id))).isEmpty();
    }

    @Test
    void aDeliverySignedBeyondTheToleranceIsRefusedAsStale() {
        String id = "sim_evt_" + UUID.randomUUID();
        String body = event(id, "dispute.won", "sim_dp_3", "sim_pi_3", 1_000, 1_500);
        long now = clock.instant().getEpochSecond();

        // 10 s beyond the 300 s tolerance: the test's and the server's readings of the clock may
        // straddle a second boundary, so exactly 301 s would flake.
        assertProblem(deliver("simulated", body, sign(SECRET, now - 310, body)), 400, "stale_webhook");
        assertProblem(deliver("simulated", body, sign(SECRET, now + 310, body)), 400, "stale_webhook");
        assertThat(stored(id)).isZero();

        assertThat(deliver("simulated", body, sign(SECRET, now - 290, body)).status()).isEqualTo(200);
        assertThat(stored(id)).isEqualTo(1);
    }

    @Test
    void anUnknownOrUnconfiguredAdapterIsNotFound() {
        String body = event("evt_" + UUID.randomUUID(), "dispute.opened", "dp", "pi", 1, 0);
        String signature = sign(SECRET, clock.instant().getEpochSecond(), body);

        assertProblem(deliver("paypal", body, signature), 404, "unknown_adapter");
        assertProblem(deliver("stripe", body, signature), 404, "unknown_adapter");
    }

    @Test
    void aSignedBodyThatIsNotAnEventIsRefused() {
        String body = "{\"hello\":\"world\"}";

        assertProblem(deliver("simulated", body, sign(SECRET, clock.instant().getEpochSecond(), body)), 400,
                "malformed_webhook");
    }

    @Test
    void theSimulatedProcessorReportsADisputeAndItsOutcomeThroughSignedWebhooks() {
        Api.Response paid = admin().post("/v1/simulated-processor/payments",
                Map.of("amount", 2_000, "currency", "usd", "payment_method", "tok_visa", "capture", true));
        String payment = paid.id();

        Api.Response opened = admin().post("/v1/simulated-processor/payments/" + payment + "/dispute", Map.of("amount", 1_200));
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
        assertThat(opened.body().path("event").path("delivered").asBoolean()).isTrue();
        Api.Response lost = admin().post("/v1/simulated-processor/disputes/" + opened.id() + "/resolve",
                Map.of("outcome", "lost"));

        assertThat(lost.status()).as(lost.body().toString()).isEqualTo(200);
        assertThat(lost.text("status")).isEqualTo("lost");
        List<ProcessorEvent> events = received.matching(e -> payment.equals(e.event().paymentId())).stream()
                .map(r -> r.event().event()).toList();
        assertThat(events).extracting(ProcessorEvent::type)
                .containsExactly(ProcessorEventType.DISPUTE_OPENED, ProcessorEventType.DISPUTE_LOST);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.objectId()).isEqualTo(opened.id());
            assertThat(e.amount()).isEqualTo(1_200);
            assertThat(e.fee()).isEqualTo(1_500);
        });
        assertThat(jdbc.sql("SELECT string_agg(type, ',' ORDER BY received_at) FROM processor_events WHERE payment_id = :p")
                .param("p", payment).query(String.class).single()).isEqualTo("dispute.opened,dispute.lost");
        assertProblem(admin().post("/v1/simulated-processor/disputes/" + opened.id() + "/resolve",
                Map.of("outcome", "won")), 409, "dispute_closed");
        assertProblem(admin().post("/v1/simulated-processor/payments/" + payment + "/dispute", Map.of("amount", 801)),
                422, "dispute_exceeds_captured");
    }

    @Test
    void theSimulatedProcessorReportsAFailedPayout() {
        PaymentProcessor simulated = context.getBean(PaymentProcessors.class).get("simulated");
        ConnectedAccount seller = simulated.createConnectedAccount(new ConnectedAccountRequest("usr_payout", null, null,
                "acct-" + UUID.randomUUID()));

        Api.Response payout = admin().post("/v1/simulated-processor/accounts/" + seller.id() + "/payouts",
                Map.of("amount", 5_000, "currency", "usd", "outcome", "failed"));

        assertThat(payout.status()).as(payout.body().toString()).isEqualTo(201);
        assertThat(payout.body().path("delivered").asBoolean()).isTrue();
        List<ProcessorEvent> events = received.matching(e -> seller.id().equals(e.event().accountId())).stream()
                .map(r -> r.event().event()).toList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ProcessorEventType.PAYOUT_FAILED);
            assertThat(e.amount()).isEqualTo(5_000);
            assertThat(e.failureCode()).isEqualTo("account_closed");
        });
    }

    private long stored(String eventId) {
        return jdbc.sql("SELECT count(*) FROM processor_events WHERE adapter = 'simulated' AND event_id = :id")
                .param("id", eventId).query(Long.class).single();
    }

    /** Sends the exact bytes, without any API key, as a processor would. */
    private Api.Response deliver(String adapter, String body, String signature) {
        return SignedWebhooks.deliver(port, json, adapter, body, signature);
    }

    private String event(String id, String type, String objectId, String paymentId, long amount, long fee) {
        return """
                {"id":"%s","object":"event","type":"%s","created":%d,"data":{"object_id":"%s","payment_id":%s,\
                "account_id":null,"amount":%d,"fee":%d,"currency":"usd","failure_code":null}}"""
                .formatted(id, type, clock.instant().getEpochSecond(), objectId,
                        paymentId == null ? "null" : "\"" + paymentId + "\"", amount, fee);
    }

    static String sign(String secret, long timestamp, String body) {
        return SignedWebhooks.sign(secret, timestamp, body);
    }
}
