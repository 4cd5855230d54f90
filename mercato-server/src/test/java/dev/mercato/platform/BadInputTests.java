package dev.mercato.platform;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Bodies too big, broken, with unknown fields or of the wrong type: a clear problem+json, and nothing stored. */
class BadInputTests extends IntegrationTest {

    private static final int LIMIT = 1024 * 1024;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aJsonBodyAboveTheLimitIsRefusedWith413AndNothingIsStored() {
        String name = "Big " + UUID.randomUUID();
        String body = "{\"name\":\"" + name + "\",\"metadata\":{\"blob\":\"" + "x".repeat(LIMIT) + "\"}}";
        long before = rows();

        assertProblem(admin().send("POST", "/v1/users", body), 413, "payload_too_large");
        assertProblem(admin().idempotencyKey("big-" + UUID.randomUUID()).send("POST", "/v1/users", body), 413,
                "payload_too_large");

        assertThat(rows()).isEqualTo(before);
        assertThat(usersNamed(name)).isZero();
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws Exception {
        String name = "Chunked " + UUID.randomUUID();
        byte[] body = ("{\"name\":\"" + name + "\",\"metadata\":{\"blob\":\"" + "x".repeat(LIMIT + LIMIT / 2) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        long before = rows();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/users"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(json.readTree(response.body()).path("code").asString()).isEqualTo("payload_too_large");
        assertThat(rows()).isEqualTo(before);
        assertThat(usersNamed(name)).isZero();
    }

    @Test
    void aBodyUnderTheLimitIsAcceptedWhateverItsPadding() {
        String name = "Padded " + UUID.randomUUID();
        String body = "{\"name\":\"" + name + "\"}" + " ".repeat(LIMIT - 200);

        assertThat(admin().send("POST", "/v1/users", body).status()).isEqualTo(201);
        assertThat(usersNamed(name)).isEqualTo(1);
    }

    @Test
    void malformedJsonIsA400AndNothingIsStored() {
        long before = rows();

        assertProblem(admin().send("POST", "/v1/users", "{\"name\": \"half"), 400, "malformed_json");
        assertProblem(admin().send("POST", "/v1/users", "{\"name\": \"a\",}"), 400, "malformed_json");
        assertProblem(admin().send("POST", "/v1/ledger/accounts", "not json"), 400, "malformed_json");

        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void anUnknownFieldIsA400ThatNamesTheField() {
        String name = "Typo " + UUID.randomUUID();
        long before = rows();

        Api.Response refused = admin().post("/v1/users", Map.of("name", name, "emial", "a@example.com"));

        assertProblem(refused, 400, "unknown_parameter");
        assertThat(refused.text("detail")).contains("'emial'");
        assertThat(rows()).isEqualTo(before);
        assertThat(usersNamed(name)).isZero();
    }

    @Test
    void aBodyThatIsNotJsonIsA415AndNothingIsStored() {
        String name = "Form " + UUID.randomUUID();
        long before = rows();

        Api.Response refused = admin().upload("/v1/users", ("name=" + name).getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        Api.Response xml = admin().upload("/v1/users", ("<user><name>" + name + "</name></user>")
                .getBytes(StandardCharsets.UTF_8), "application/xml");

        assertProblem(refused, 415, "unsupported_media_type");
        assertProblem(xml, 415, "unsupported_media_type");
        assertThat(rows()).isEqualTo(before);
        assertThat(usersNamed(name)).isZero();
    }

    /** Rows a refused request could have left: users, idempotency records and audit events. */
    private long rows() {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM idempotency_records)
                     + (SELECT count(*) FROM audit_events)""", Long.class);
    }

    private long usersNamed(String name) {
        return jdbc.queryForObject("SELECT count(*) FROM users WHERE name = ?", Long.class, name);
    }
}
