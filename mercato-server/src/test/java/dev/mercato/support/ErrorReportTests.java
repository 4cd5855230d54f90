package dev.mercato.support;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Prometheus;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Client applications report their errors; each is stored, counted in client_errors_total and listed for operators. */
class ErrorReportTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aReportedErrorIsStoredCountedAndListedForOperators() {
        HttpFixtures fixtures = new HttpFixtures(api, admin());
        String userId = fixtures.user();
        Api.Client client = api.as(fixtures.keyFor(userId)).header("User-Agent", "Courseland-iOS/3.2");
        String release = "web-" + UUID.randomUUID();
        double before = Prometheus.value(base(), ADMIN_KEY, "client_errors_total", null);

        Api.Response reported = client.post("/v1/errors/report", Map.of("message", "TypeError: x is undefined",
                "stack", "at checkout.js:10:5", "url", "https://courseland.example/checkout", "release", release,
                "context", Map.of("cart_items", 2, "flags", Map.of("new_checkout", true))));

        assertThat(reported.status()).as(reported.body().toString()).isEqualTo(201);
        assertThat(reported.id()).startsWith("cerr_");
        assertThat(reported.text("user_agent")).as("taken from the request").isEqualTo("Courseland-iOS/3.2");
        assertThat(Prometheus.value(base(), ADMIN_KEY, "client_errors_total", null)).isEqualTo(before + 1);
        client.post("/v1/errors/report", Map.of("message", "another release", "release", release + "-next"));

        JsonNode listed = admin().get("/v1/admin/errors?release=" + release).body().path("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("message").asString()).isEqualTo("TypeError: x is undefined");
        assertThat(listed.get(0).path("user_id").asString()).isEqualTo(userId);
        assertThat(listed.get(0).path("context").path("flags").path("new_checkout").asBoolean()).isTrue();
        assertThat(admin().get("/v1/admin/errors?user_id=" + userId).body().path("data")).hasSize(2);
        assertThat(admin().get("/v1/admin/errors?user_id=" + userId + "&since=2999-01-01T00:00:00Z").body().path("data"))
                .isEmpty();
        assertThat(admin().get("/v1/admin/errors?user_id=" + userId + "&limit=1").body().path("has_more").asBoolean())
                .isTrue();
        assertProblem(client.get("/v1/admin/errors"), 403, "forbidden");
        assertProblem(admin().get("/v1/admin/errors?since=yesterday"), 400, "invalid_parameter");
    }

    @Test
    void anOversizedOrIncompleteReportIsRefusedAndNothingIsStored() {
        HttpFixtures fixtures = new HttpFixtures(api, admin());
        String userId = fixtures.user();
        Api.Client client = api.as(fixtures.keyFor(userId));
        double before = Prometheus.value(base(), ADMIN_KEY, "client_errors_total", null);

        Api.Response longMessage = client.post("/v1/errors/report", Map.of("message", "x".repeat(ErrorReports.MAX_MESSAGE + 1)));
        assertProblem(longMessage, 400, "parameter_too_long");
        assertThat(longMessage.text("param")).isEqualTo("message");
        assertProblem(client.post("/v1/errors/report", Map.of("message", "m", "stack", "s".repeat(ErrorReports.MAX_STACK + 1))),
                400, "parameter_too_long");
        assertProblem(client.post("/v1/errors/report", Map.of("message", "m", "context",
                Map.of("blob", "b".repeat(ErrorReports.MAX_CONTEXT)))), 400, "parameter_too_long");
        assertProblem(client.post("/v1/errors/report", Map.of("stack", "only a stack")), 400, "message_required");
        assertProblem(client.post("/v1/errors/report", Map.of("message", "m", "context", "not an object")), 400,
                "invalid_context");
        assertProblem(client.post("/v1/errors/report", Map.of("message", "m", "severity", "high")), 400,
                "unknown_parameter");
        assertProblem(api.anonymous().post("/v1/errors/report", Map.of("message", "m")), 401, "authentication_required");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM client_errors WHERE user_id = ?", Long.class, userId)).isZero();
        assertThat(Prometheus.value(base(), ADMIN_KEY, "client_errors_total", null)).isEqualTo(before);
    }

    @Test
    void supportMessagesAreListedForOperatorsOnly() {
        HttpFixtures fixtures = new HttpFixtures(api, admin());
        String userId = fixtures.user();
        Api.Client client = api.as(fixtures.keyFor(userId));

        Api.Response sent = client.post("/v1/support/messages", Map.of("subject", "Where is my invoice?", "body", "Order 42"));

        assertThat(sent.status()).as(sent.body().toString()).isEqualTo(201);
        assertThat(sent.body().path("mail_id").isNull()).as("no support inbox configured: stored only").isTrue();
        assertThat(sent.body().path("email").isNull()).as("the user has no address and gave none").isTrue();
        JsonNode listed = admin().get("/v1/admin/support/messages?user_id=" + userId).body().path("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("subject").asString()).isEqualTo("Where is my invoice?");
        assertProblem(client.get("/v1/admin/support/messages"), 403, "forbidden");
        assertProblem(client.post("/v1/support/messages", Map.of("subject", "s", "body", "b".repeat(20_001))), 400,
                "parameter_too_long");
        assertProblem(client.post("/v1/support/messages", Map.of("subject", " ", "body", "b")), 400, "subject_required");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
