package dev.mercato.webhooks;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Registering, changing and deleting endpoints; bad input stores nothing; secret rotation with an overlap. */
class WebhookEndpointTests extends WebhookIntegrationTest {

    @Autowired
    MercatoClock clock;
    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;

    @BeforeEach
    void setUp() throws Exception {
        fixtures = new HttpFixtures(api, admin());
    }

    @Test
    void badUrlsAreRejectedAndNothingIsStored() {
        long before = endpoints();
        Map<String, String> refused = new HashMap<>();
        refused.put("ftp://example.com/hook", "invalid_webhook_url");
        refused.put("javascript:alert(1)", "invalid_webhook_url");
        refused.put("not a url", "invalid_webhook_url");
        refused.put("http:///no-host", "invalid_webhook_url");
        refused.put("https://user:secret@example.com/hook", "invalid_webhook_url");
        refused.put("https://hooks.invalid/hook", "invalid_webhook_url");
        refused.put("https://example.com/" + "a".repeat(EndpointUrls.MAX_LENGTH), "invalid_webhook_url");
        refused.put("", "invalid_webhook_url");
        refused.put("http://127.0.0.1:" + port + "/v1/users", "webhook_url_is_mercato");
        refused.put("http://localhost:" + port + "/anything", "webhook_url_is_mercato");
        refused.put("http://[::1]:" + port + "/", "webhook_url_is_mercato");
        refused.put("http://0.0.0.0:" + port + "/", "webhook_url_is_mercato");

        refused.forEach((url, code) -> assertProblem(admin().post("/v1/webhook-endpoints",
                Map.of("url", url, "enabled_events", List.of("*"))), 400, code));
        assertProblem(admin().post("/v1/webhook-endpoints", Map.of("enabled_events", List.of("*"))), 400,
                "invalid_webhook_url");
        assertProblem(admin().post("/v1/webhook-endpoints", Map.of("url", receiver.url(), "enabled_events",
                List.of("order.eaten"))), 400, "invalid_enabled_events");
        assertProblem(admin().post("/v1/webhook-endpoints", Map.of("url", receiver.url(), "enabled_events", List.of())),
                400, "invalid_enabled_events");
        assertProblem(admin().post("/v1/webhook-endpoints", Map.of("url", receiver.url(), "enabled_events", List.of("*"),
                "description", "d".repeat(501))), 400, "invalid_description");
        assertProblem(admin().post("/v1/webhook-endpoints", Map.of("url", receiver.url(), "enabled_events", List.of("*"),
                "secret", "whsec_mine")), 400, "unknown_parameter");
        assertProblem(admin().post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url() + "\", "), 400,
                "malformed_json");
        assertProblem(fixtures.newUserClient().post("/v1/webhook-endpoints",
                Map.of("url", receiver.url(), "enabled_events", List.of("*"))), 403, "forbidden");

        assertThat(endpoints()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void aChangeToABadUrlChangesNothing() {
        Api.Response endpoint = webhooks.endpoint(receiver.url(), List.of("order.paid"));

        assertProblem(admin().patch("/v1/webhook-endpoints/" + endpoint.id(),
                Map.of("url", "http://127.0.0.1:" + port + "/", "enabled_events", List.of("*"))), 400, "webhook_url_is_mercato");

        JsonNode read = admin().get("/v1/webhook-endpoints/" + endpoint.id()).body();
        assertThat(read.path("url").asString()).isEqualTo(receiver.url());
        assertThat(read.path("enabled_events").get(0).asString()).isEqualTo("order.paid");
    }

    @Test
    void operatorsReadChangeAndDeleteEndpoints() {
        Api.Response created = webhooks.endpoint(receiver.url(), List.of("order.paid", "order.paid", "payout.paid"));
        assertThat(created.id()).startsWith("we_");
        assertThat(created.text("object")).isEqualTo("webhook_endpoint");
        assertThat(created.text("status")).isEqualTo("enabled");
        assertThat(created.body().path("enabled_events").size()).as("duplicates dropped").isEqualTo(2);

        JsonNode read = admin().get("/v1/webhook-endpoints/" + created.id()).body();
        assertThat(read.path("secret").isNull()).as("the secret is shown once").isTrue();
        assertThat(read.path("description").asString()).isEqualTo("test receiver");
        boolean listed = false;
        for (JsonNode e : admin().get("/v1/webhook-endpoints?limit=100").body().path("data")) {
            listed |= e.path("id").asString().equals(created.id());
            assertThat(e.path("secret").isNull()).isTrue();
        }
        assertThat(listed).isTrue();

        Api.Response changed = admin().patch("/v1/webhook-endpoints/" + created.id(),
                Map.of("enabled_events", List.of("*", "order.paid"), "description", "all of it"));
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.body().path("enabled_events").size()).isEqualTo(1);
        assertThat(changed.body().path("enabled_events").get(0).asString()).isEqualTo("*");
        assertThat(changed.text("description")).isEqualTo("all of it");
        assertThat(changed.text("url")).isEqualTo(receiver.url());

        Api.Response deleted = admin().delete("/v1/webhook-endpoints/" + created.id());
        assertThat(deleted.body().path("deleted").asBoolean()).isTrue();
        assertProblem(admin().get("/v1/webhook-endpoints/" + created.id()), 404, "webhook_endpoint_not_found");
        assertProblem(admin().delete("/v1/webhook-endpoints/" + created.id()), 404, "webhook_endpoint_not_found");
        assertProblem(admin().get("/v1/webhook-endpoints/" + created.id() + "/deliveries"), 404,
                "webhook_endpoint_not_found");
        assertProblem(fixtures.newUserClient().get("/v1/webhook-endpoints"), 403, "forbidden");
    }

    @Test
    void duringARotationBothSecretsSignAndAfterwardsOnlyTheNewOne() throws Exception {
        Api.Response endpoint = webhooks.endpoint(receiver.url(), List.of("user.created"));
        String oldSecret = endpoint.text("secret");

        Api.Response rotated = admin().post("/v1/webhook-endpoints/" + endpoint.id() + "/rotate-secret", Map.of());
        assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(200);
        String newSecret = rotated.text("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        Instant overlapEnds = Instant.parse(rotated.text("previous_secret_expires_at"));
        assertThat(Duration.between(clock.instant(), overlapEnds)).as("24 hours by default")
                .isBetween(Duration.ofHours(24).minusMinutes(1), Duration.ofHours(24));

        Receiver.Received during = deliveredFor(fixtures.user());
        assertThat(during.signature().split("v1=", -1)).as("two signatures").hasSize(3);
        assertThat(verify(during, oldSecret)).as("receivers still on the old secret").isTrue();
        assertThat(verify(during, newSecret)).as("receivers already on the new secret").isTrue();

        clock.advance(Duration.between(clock.instant(), overlapEnds).plusSeconds(1));
        Receiver.Received after = deliveredFor(fixtures.user());
        assertThat(after.signature().split("v1=", -1)).hasSize(2);
        assertThat(verify(after, newSecret)).isTrue();
        assertThat(verify(after, oldSecret)).as("the overlap is over").isFalse();

        Api.Response now = admin().post("/v1/webhook-endpoints/" + endpoint.id() + "/rotate-secret",
                Map.of("overlap_seconds", 0));
        assertThat(now.body().path("previous_secret_expires_at").isNull()).isTrue();
        Receiver.Received cut = deliveredFor(fixtures.user());
        assertThat(verify(cut, now.text("secret"))).isTrue();
        assertThat(verify(cut, newSecret)).as("a rotation without overlap stops the old secret at once").isFalse();
        assertProblem(admin().post("/v1/webhook-endpoints/" + endpoint.id() + "/rotate-secret",
                Map.of("overlap_seconds", 8 * 24 * 3600)), 400, "invalid_overlap");
        assertProblem(admin().post("/v1/webhook-endpoints/we_nothing/rotate-secret", Map.of()), 404,
                "webhook_endpoint_not_found");
    }

    private Receiver.Received deliveredFor(String user) {
        assertThat(webhooks.dispatchUntil(() -> !receivedFor(user).isEmpty())).isTrue();
        return receivedFor(user).getFirst();
    }

    private List<Receiver.Received> receivedFor(String user) {
        return receiver.received(r -> r.json().path("data").path("user_id").asString().equals(user));
    }

    private boolean verify(Receiver.Received r, String secret) throws Exception {
        return SignatureVerifier.verify(r.signature(), r.body(), secret, clock.instant().getEpochSecond());
    }

    private long endpoints() {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_endpoints", Long.class);
    }
}
