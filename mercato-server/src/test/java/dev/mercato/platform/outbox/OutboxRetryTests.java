package dev.mercato.platform.outbox;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A listener that fails leaves its event publication incomplete: operators see it and resubmit
 * it, and the recurring retry resubmits it once it is old enough. The failure is real: a trigger
 * makes the webhooks listener's insert fail while the test wants it to.
 */
class OutboxRetryTests extends IntegrationTest {

    @Autowired
    OutboxRetry retry;
    @Autowired
    MercatoClock clock;
    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
    }

    /**
     * Repairs the listener and redelivers what it failed here, so no failed publication is left for
     * later tests that wait for the outbox to go quiet (one left failed after three attempts made
     * SubscriptionPaymentWebhooksTests wait in vain when it ran later in the same database).
     */
    @AfterEach
    void listenersWork() {
        jdbc.execute("DROP TRIGGER IF EXISTS outbox_test_failure ON webhook_events");
        String brokenHere = """
                SELECT id::text FROM event_publication WHERE completion_date IS NULL
                  AND listener_id LIKE '%webhooks%' AND event_type = 'dev.mercato.identity.UserCreated'""";
        // A delivery in flight when the trigger was dropped may still fail after this look, so every
        // poll resubmits what has failed since; a busy machine gets longer than the usual ten seconds.
        assertThat(Eventually.holds(Duration.ofSeconds(30), () -> {
            List<String> failed = jdbc.queryForList(brokenHere + " AND status = 'FAILED'", String.class);
            if (!failed.isEmpty()) {
                Api.Response resubmitted = admin().post("/v1/admin/event-publications/resubmit", Map.of("ids", failed));
                assertThat(resubmitted.status()).as(resubmitted.body().toString()).isEqualTo(200);
            }
            return jdbc.queryForList(brokenHere, String.class).isEmpty();
        }))
                .as("every UserCreated publication of the webhooks listener is delivered once it works").isTrue();
    }

    @Test
    void operatorsSeeAFailedPublicationAndResubmitIt() {
        breakUserCreatedListener();
        String user = fixtures.user();
        JsonNode failed = awaitPublication(user, "failed");
        assertThat(failed.path("listener_id").asString()).contains("webhooks").contains("UserCreated");
        assertThat(failed.path("event_type").asString()).isEqualTo("dev.mercato.identity.UserCreated");
        assertThat(failed.path("completion_attempts").asInt()).isEqualTo(1);
        assertThat(failed.path("published_at").asString()).isNotBlank();
        assertThat(webhookEvents(user)).isZero();

        jdbc.execute("DROP TRIGGER outbox_test_failure ON webhook_events");
        Api.Response resubmitted = admin().post("/v1/admin/event-publications/resubmit",
                Map.of("ids", List.of(failed.path("id").asString())));

        assertThat(resubmitted.status()).as(resubmitted.body().toString()).isEqualTo(200);
        assertThat(resubmitted.number("resubmitted")).isEqualTo(1);
        assertThat(Eventually.holds(() -> webhookEvents(user) == 1)).as("the listener ran again and succeeded").isTrue();
        assertThat(Eventually.holds(() -> publication(user, null) == null)).as("no longer incomplete").isTrue();
        assertProblem(fixtures.newUserClient().get("/v1/admin/event-publications"), 403, "forbidden");
        assertProblem(admin().get("/v1/admin/event-publications?status=sideways"), 400, "invalid_status");
        assertProblem(admin().get("/v1/admin/event-publications?starting_after=nope"), 400, "invalid_parameter");
    }

    @Test
    void aDeliveryIsCompletedInTheTransactionOfItsListenersWork() {
        String user = fixtures.user();

        assertThat(Eventually.holds(() -> webhookEvents(user) == 1)).as("the webhooks listener ran").isTrue();
        String sameTransaction = """
                SELECT p.xmin::text = w.xmin::text FROM event_publication p, webhook_events w
                WHERE w.object_id = ? AND p.listener_id LIKE '%webhooks%' AND p.completion_date IS NOT NULL
                  AND p.event_type = 'dev.mercato.identity.UserCreated'
                  AND p.serialized_event LIKE '%' || w.object_id || '%'""";
        assertThat(Eventually.holds(() -> !jdbc.queryForList(sameTransaction, Boolean.class, user).isEmpty()))
                .as("the publication is completed").isTrue();
        assertThat(jdbc.queryForList(sameTransaction, Boolean.class, user))
                .as("completion and the listener's insert are one commit").containsExactly(true);
    }

    @Test
    void theRecurringRetryResubmitsPublicationsOnceTheyAreOldEnough() {
        breakUserCreatedListener();
        String user = fixtures.user();
        awaitPublication(user, "failed");
        jdbc.execute("DROP TRIGGER outbox_test_failure ON webhook_events");

        retry.retryDue();
        assertThat(publication(user, "failed")).as("too young to be retried").isNotNull();

        clock.advance(Duration.ofMinutes(6));
        assertThat(retry.retryDue()).isGreaterThanOrEqualTo(1);

        assertThat(Eventually.holds(() -> webhookEvents(user) == 1)).isTrue();
        assertThat(Eventually.holds(() -> publication(user, null) == null)).isTrue();
    }

    @Test
    void aPublicationThatKeepsFailingIsRetriedLessAndLessOften() {
        breakUserCreatedListener();
        String user = fixtures.user();
        awaitPublication(user, "failed");

        clock.advance(Duration.ofMinutes(6));
        retry.retryDue();
        assertThat(Eventually.holds(() -> attempts(user) == 2 && publication(user, "failed") != null)).isTrue();

        clock.advance(Duration.ofMinutes(6));
        retry.retryDue();
        assertThat(attempts(user)).as("after a second attempt the wait doubles to 10 minutes").isEqualTo(2);

        clock.advance(Duration.ofMinutes(5));
        retry.retryDue();
        assertThat(Eventually.holds(() -> attempts(user) == 3)).isTrue();
    }

    /** Makes the webhooks module's UserCreated listener fail, as a database outage would. */
    private void breakUserCreatedListener() {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION outbox_test_failure() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'simulated failure'; END $$ LANGUAGE plpgsql""");
        jdbc.execute("""
                CREATE OR REPLACE TRIGGER outbox_test_failure BEFORE INSERT ON webhook_events
                FOR EACH ROW WHEN (NEW.type = 'user.created') EXECUTE FUNCTION outbox_test_failure()""");
    }

    private JsonNode awaitPublication(String user, String status) {
        assertThat(Eventually.holds(() -> publication(user, status) != null)).as("a " + status + " publication").isTrue();
        return publication(user, status);
    }

    /** The webhooks listener's incomplete publication of the user's UserCreated, listed by the operator API. */
    private JsonNode publication(String user, String status) {
        String query = "/v1/admin/event-publications?limit=100" + (status == null ? "" : "&status=" + status);
        Api.Response page = admin().get(query);
        while (true) {
            for (JsonNode p : page.body().path("data")) {
                // Only UserCreated: the user's signup credits (CreditsGranted) carry its user_id too.
                if (p.path("event").path("user_id").asString().equals(user) && p.path("listener_id").asString().contains("webhooks")
                        && p.path("event_type").asString().equals("dev.mercato.identity.UserCreated")) {
                    return p;
                }
            }
            if (!page.body().path("has_more").asBoolean()) {
                return null;
            }
            JsonNode data = page.body().path("data");
            page = admin().get(query + "&starting_after=" + data.get(data.size() - 1).path("id").asString());
        }
    }

    private int attempts(String user) {
        JsonNode p = publication(user, null);
        return p == null ? 0 : p.path("completion_attempts").asInt();
    }

    private long webhookEvents(String user) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_events WHERE object_id = ?", Long.class, user);
    }
}
