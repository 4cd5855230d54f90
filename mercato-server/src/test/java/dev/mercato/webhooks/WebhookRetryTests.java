package dev.mercato.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.payments.RecordedEvents;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Failing receivers: retries on the backoff schedule (moved through with the test clock, the
 * dispatcher called as the scheduler would), the delivery log, automatic disabling, and several
 * dispatchers at once.
 */
class WebhookRetryTests extends WebhookIntegrationTest {

    @Autowired
    MercatoClock clock;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConfigurableApplicationContext context;

    HttpFixtures fixtures;

    @BeforeEach
    void setUp() throws Exception {
        fixtures = new HttpFixtures(api, admin());
    }

    @Test
    void aReceiverThatFailsThenRecoversGetsTheEventOnALaterAttemptOnSchedule() throws Exception {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        receiver.answer(r -> calls.computeIfAbsent(r.eventId(), id -> new AtomicInteger()).incrementAndGet() <= 2 ? 500 : 200);
        Api.Response endpoint = webhooks.endpoint(receiver.url(), List.of("user.created"));
        double succeededBefore = count("succeeded");
        double retryingBefore = count("retrying");

        String user = fixtures.user();
        assertThat(webhooks.dispatchUntil(() -> attempts(endpoint.id(), user) == 1)).isTrue();
        JsonNode first = deliveryOf(endpoint.id(), user);
        JsonNode attempt1 = first.path("attempt_log").get(0);
        assertThat(first.path("status").asString()).isEqualTo("pending");
        assertThat(attempt1.path("status_code").asInt()).isEqualTo(500);
        assertThat(attempt1.path("succeeded").asBoolean()).isFalse();
        assertThat(attempt1.path("error").asString()).isEqualTo("the receiver answered 500");
        assertThat(attempt1.path("response_body").asString()).contains("receiver is down");
        assertThat(attempt1.path("latency_ms").asLong()).isNotNegative();
        Instant tried = Instant.parse(attempt1.path("attempted_at").asString());
        Instant due = Instant.parse(first.path("next_attempt_at").asString());
        assertThat(Duration.between(tried, due)).as("one minute, ±10 %")
                .isBetween(Duration.ofSeconds(54), Duration.ofSeconds(67));

        clock.advance(Duration.between(clock.instant(), due).minusSeconds(3));
        dispatcher.dispatchDue();
        Thread.sleep(1_500); // and the scheduled dispatcher had its turn
        assertThat(attempts(endpoint.id(), user)).as("not before it is due").isEqualTo(1);

        clock.advance(Duration.ofSeconds(5));
        assertThat(webhooks.dispatchUntil(() -> attempts(endpoint.id(), user) == 2)).isTrue();
        JsonNode second = deliveryOf(endpoint.id(), user);
        Instant tried2 = Instant.parse(second.path("attempt_log").get(1).path("attempted_at").asString());
        Instant due2 = Instant.parse(second.path("next_attempt_at").asString());
        assertThat(Duration.between(tried2, due2)).as("then five minutes, ±10 %")
                .isBetween(Duration.ofSeconds(270), Duration.ofSeconds(331));

        clock.advance(Duration.between(clock.instant(), due2).plusSeconds(1));
        assertThat(webhooks.dispatchUntil(() -> deliveryOf(endpoint.id(), user).path("status").asString()
                .equals("succeeded"))).isTrue();

        JsonNode done = deliveryOf(endpoint.id(), user);
        assertThat(done.path("attempts").asInt()).isEqualTo(3);
        assertThat(done.path("next_attempt_at").isNull()).isTrue();
        List<Integer> codes = new ArrayList<>();
        done.path("attempt_log").forEach(a -> codes.add(a.path("status_code").asInt()));
        assertThat(codes).containsExactly(500, 500, 200);
        List<Receiver.Received> got = receiver.received(r -> r.json().path("data").path("user_id").asString().equals(user));
        assertThat(got).hasSize(3);
        assertThat(got.stream().map(Receiver.Received::eventId).distinct()).as("one event, three attempts").hasSize(1);
        assertThat(count("succeeded") - succeededBefore).isGreaterThanOrEqualTo(1);
        assertThat(count("retrying") - retryingBefore).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("queue.depth").tag("queue", "webhooks").gauge().value()).isNotNegative();
    }

    @Test
    void anEndpointFailingForTheWholeRetryWindowIsDisabledAndOperatorsAreTold() throws Exception {
        receiver.answer(r -> 503);
        Api.Response endpoint = webhooks.endpoint(receiver.url(), List.of("user.created"));
        String user = fixtures.user();
        assertThat(webhooks.dispatchUntil(() -> attempts(endpoint.id(), user) == 1)).isTrue();
        assertThat(admin().get("/v1/webhook-endpoints/" + endpoint.id()).text("status"))
                .as("one failure disables nothing").isEqualTo("enabled");

        RecordedEvents<WebhookEndpointDisabled> disabled = RecordedEvents.of(WebhookEndpointDisabled.class, context);
        clock.advance(Duration.ofDays(3).plusMinutes(2));
        assertThat(webhooks.dispatchUntil(() -> attempts(endpoint.id(), user) == 2)).isTrue();
        disabled.close();

        JsonNode delivery = deliveryOf(endpoint.id(), user);
        assertThat(delivery.path("status").asString()).as("past the retry window: no more attempts").isEqualTo("failed");
        assertThat(delivery.path("completed_at").isNull()).isFalse();
        Api.Response read = admin().get("/v1/webhook-endpoints/" + endpoint.id());
        assertThat(read.text("status")).isEqualTo("disabled");
        assertThat(read.text("disabled_reason")).contains("failed");
        assertThat(disabled.matching(e -> e.endpointId().equals(endpoint.id()))).singleElement()
                .satisfies(r -> assertThat(r.inTransaction()).as("published with the change").isTrue())
                .satisfies(r -> assertThat(r.event().url()).isEqualTo(receiver.url()));
        assertThat(Eventually.holds(() -> jdbc.queryForObject(
                "SELECT count(*) FROM mail_outbox WHERE template = 'operator_message' AND subject LIKE ? AND text_body LIKE ?",
                Long.class, "Webhook endpoint disabled%", "%" + endpoint.id() + "%") == 1))
                .as("the operators are emailed").isTrue();

        String later = fixtures.user();
        assertThat(Eventually.holds(() -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_events WHERE object_id = ?", Long.class, later) == 1)).isTrue();
        assertThat(webhooks.deliveries(endpoint.id()).size()).as("a disabled endpoint gets no new deliveries").isEqualTo(1);

        receiver.answer(r -> 200);
        Api.Response enabled = admin().patch("/v1/webhook-endpoints/" + endpoint.id(), Map.of("disabled", false));
        assertThat(enabled.text("status")).isEqualTo("enabled");
        assertThat(enabled.body().path("disabled_reason").isNull()).isTrue();
        Api.Response byHand = admin().patch("/v1/webhook-endpoints/" + endpoint.id(), Map.of("disabled", true));
        assertThat(byHand.text("status")).isEqualTo("disabled");
        assertThat(byHand.text("disabled_reason")).isEqualTo("disabled by an operator");
    }

    @Test
    void twoDispatchersAtOnceNeverSendTheSameAttemptTwice() throws Exception {
        receiver.answer(r -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        Api.Response endpoint = webhooks.endpoint(receiver.url(), List.of("user.created"));
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> dispatchers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            dispatchers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (running.get()) {
                    dispatcher.dispatchDue();
                }
            }));
        }
        start.countDown();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            users.add(fixtures.user());
        }
        boolean allDelivered = Eventually.holds(() -> users.stream().allMatch(u -> !receivedFor(u).isEmpty()));
        Thread.sleep(500);
        running.set(false);
        for (Thread t : dispatchers) {
            t.join();
        }

        assertThat(allDelivered).isTrue();
        Map<String, Long> perEvent = receiver.received(r -> users.contains(r.json().path("data").path("user_id").asString()))
                .stream().collect(Collectors.groupingBy(Receiver.Received::eventId, Collectors.counting()));
        assertThat(perEvent).hasSize(30);
        assertThat(perEvent.values()).as("each event sent once").containsOnly(1L);
        List<JsonNode> deliveries = new ArrayList<>();
        webhooks.deliveries(endpoint.id()).forEach(deliveries::add);
        assertThat(deliveries).hasSize(30);
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.path("attempts").asInt()).isEqualTo(1);
            assertThat(d.path("attempt_log").size()).isEqualTo(1);
            assertThat(d.path("status").asString()).isEqualTo("succeeded");
        });
    }

    private List<Receiver.Received> receivedFor(String user) {
        return receiver.received(r -> r.json().path("data").path("user_id").asString().equals(user));
    }

    /** The endpoint's delivery of the user's user.created event. */
    private JsonNode deliveryOf(String endpointId, String user) {
        String event = jdbc.queryForObject("SELECT id FROM webhook_events WHERE type = 'user.created' AND object_id = ?",
                String.class, user);
        return webhooks.delivery(endpointId, event);
    }

    private int attempts(String endpointId, String user) {
        if (jdbc.queryForObject("SELECT count(*) FROM webhook_events WHERE object_id = ?", Long.class, user) == 0) {
            return 0;
        }
        return deliveryOf(endpointId, user).path("attempt_log").size();
    }

    private double count(String outcome) {
        var counter = meters.find("webhook.deliveries").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
