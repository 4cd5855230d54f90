package dev.mercato.identity;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Users, API keys, acting on behalf of a user, and which endpoints need which key. */
class IdentityTests extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    HttpFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new HttpFixtures(api, admin());
    }

    // ---- users ----

    @Test
    void anAdminCreatesUsers() {
        String email = "ada-" + UUID.randomUUID() + "@example.com";

        Api.Response created = admin().post("/v1/users", Map.of("email", email, "name", "Ada",
                "metadata", Map.of("crm_id", "42")));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.id()).startsWith("usr_");
        assertThat(created.text("object")).isEqualTo("user");
        assertThat(created.text("email")).isEqualTo(email);
        assertThat(created.text("role")).isEqualTo("user");
        assertThat(created.body().path("metadata").path("crm_id").asString()).isEqualTo("42");
        assertThat(admin().get("/v1/users/" + created.id()).body()).isEqualTo(created.body());
    }

    @Test
    void refusesADuplicateEmailAnInvalidEmailAndAnUnknownRole() {
        String email = "dup-" + UUID.randomUUID() + "@example.com";
        assertThat(admin().post("/v1/users", Map.of("email", email)).status()).isEqualTo(201);

        assertProblem(admin().post("/v1/users", Map.of("email", email)), 409, "email_taken");
        assertProblem(admin().post("/v1/users", Map.of("email", "not an email")), 400, "invalid_email");
        assertProblem(admin().post("/v1/users", Map.of("name", "x", "role", "superuser")), 400, "invalid_role");
        assertProblem(admin().post("/v1/users", Map.of("name", "x", "favourite_colour", "blue")), 400, "unknown_parameter");
        assertProblem(admin().post("/v1/users", "{\"name\":\"x\",\"metadata\":{\"crm_id\":null}}"), 400,
                "invalid_parameter");
    }

    @Test
    void aUserKeyCannotCreateUsers() {
        Api.Client user = fixtures.newUserClient();

        assertProblem(user.post("/v1/users", Map.of("name", "Mallory", "role", "admin")), 403, "forbidden");
        assertProblem(user.post("/v1/users", Map.of("name", "Mallory")), 403, "forbidden");
    }

    @Test
    void aUserSeesItselfButNotOtherUsers() {
        String me = fixtures.user();
        String other = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(me));

        assertThat(user.get("/v1/users/me").id()).isEqualTo(me);
        assertThat(user.get("/v1/users/" + me).id()).isEqualTo(me);
        assertProblem(user.get("/v1/users/" + other), 404, "user_not_found");
        assertProblem(user.get("/v1/users/usr_nonsense"), 404, "user_not_found");
        assertThat(admin().get("/v1/users/" + other).id()).isEqualTo(other);
        assertThat(admin().get("/v1/users/me").text("role")).isEqualTo("admin");
    }

    // ---- API keys ----

    @Test
    void anApiKeySecretIsShownOnceAndTheKeyRecordsItsUse() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));

        Api.Response created = user.post("/v1/api-keys", Map.of("name", "ci"));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String secret = created.text("secret");
        assertThat(secret).startsWith("mk_").hasSizeGreaterThan(40);
        assertThat(created.id()).startsWith("key_");
        assertThat(created.text("user_id")).isEqualTo(userId);
        assertThat(created.text("hint")).endsWith(secret.substring(secret.length() - 4)).doesNotContain(secret);
        JsonNode listed = keyIn(user.get("/v1/api-keys"), created.id());
        assertThat(listed.path("secret").isNull()).isTrue();
        assertThat(listed.path("name").asString()).isEqualTo("ci");
        assertThat(listed.path("last_used_at").isNull()).isTrue();
        assertThat(user.get("/v1/api-keys").raw().body()).doesNotContain(secret);

        assertThat(api.as(secret).get("/v1/users/me").id()).isEqualTo(userId);

        JsonNode used = keyIn(user.get("/v1/api-keys"), created.id());
        assertThat(used.path("last_used_at").isNull()).isFalse();
        assertThat(Instant.parse(used.path("last_used_at").asString()))
                .isAfterOrEqualTo(Instant.parse(used.path("created_at").asString()));
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));
        Api.Response created = user.post("/v1/api-keys", Map.of("name", "old"));
        Api.Client old = api.as(created.text("secret"));
        assertThat(old.get("/v1/users/me").status()).isEqualTo(200);

        Api.Response revoked = user.delete("/v1/api-keys/" + created.id());

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("revoked_at").isNull()).isFalse();
        assertThat(revoked.body().path("secret").isNull()).isTrue();
        assertProblem(old.get("/v1/users/me"), 401, "api_key_revoked");
        assertThat(old.get("/v1/users/me").raw().headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(keyIn(user.get("/v1/api-keys"), created.id()).path("revoked_at").isNull()).isFalse();
        assertThat(user.get("/v1/users/me").status()).isEqualTo(200);
    }

    @Test
    void aUserCannotRevokeListOrIssueAnotherUsersKeys() {
        String victimId = fixtures.user();
        Api.Client victim = api.as(fixtures.keyFor(victimId));
        Api.Response victimKey = victim.post("/v1/api-keys", Map.of("name", "precious"));
        Api.Client mallory = fixtures.newUserClient();

        assertProblem(mallory.delete("/v1/api-keys/" + victimKey.id()), 404, "api_key_not_found");
        assertProblem(mallory.get("/v1/api-keys?user_id=" + victimId), 404, "user_not_found");
        assertProblem(mallory.post("/v1/api-keys", Map.of("user_id", victimId)), 404, "user_not_found");

        assertThat(api.as(victimKey.text("secret")).get("/v1/users/me").id()).isEqualTo(victimId);
        assertThat(victim.get("/v1/api-keys").body().path("data").size()).isEqualTo(2);
    }

    @Test
    void anAdminMayRevokeAnyKey() {
        String userId = fixtures.user();
        String secret = fixtures.keyFor(userId);
        String keyId = keyWithHint(admin().get("/v1/api-keys?user_id=" + userId), secret);

        assertThat(admin().delete("/v1/api-keys/" + keyId).status()).isEqualTo(200);

        assertProblem(api.as(secret).get("/v1/users/me"), 401, "api_key_revoked");
    }

    @Test
    void refusesMissingAndUnknownKeys() {
        assertProblem(api.anonymous().get("/v1/users/me"), 401, "authentication_required");
        assertProblem(api.as("mk_never_issued_0123456789abcdefghijklmn").get("/v1/users/me"), 401, "invalid_api_key");
        assertProblem(api.as("not-a-mercato-key").get("/v1/users/me"), 401, "invalid_api_key");
        assertThat(api.anonymous().get("/v1/users/me").raw().headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"mercato\"");
    }

    // ---- acting on behalf of a user ----

    @Test
    void anAdminActingOnBehalfOfAUserSeesAndChangesOnlyThatUsersResources() {
        String userId = fixtures.user();
        String otherId = fixtures.user();
        Api.Client asUser = admin().onBehalfOf(userId);

        assertThat(asUser.get("/v1/users/me").id()).isEqualTo(userId);
        Api.Response opened = asUser.post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "USD"));
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
        assertThat(opened.text("owner_type")).isEqualTo("user");
        assertThat(opened.text("owner_id")).isEqualTo(userId);
        assertThat(api.as(fixtures.keyFor(userId)).get("/v1/ledger/accounts/" + opened.id()).status()).isEqualTo(200);

        assertProblem(asUser.get("/v1/users/" + otherId), 404, "user_not_found");
        String othersAccount = fixtures.account(admin().onBehalfOf(otherId), "wallet", "USD");
        assertProblem(asUser.get("/v1/ledger/accounts/" + othersAccount), 404, "account_not_found");
        assertProblem(asUser.post("/v1/users", Map.of("name", "x")), 403, "forbidden");
        assertProblem(asUser.get("/v1/ledger/verify"), 403, "forbidden");
        assertThat(asUser.get("/v1/api-keys").body().path("data")).allSatisfy(
                key -> assertThat(key.path("user_id").asString()).isEqualTo(userId));
    }

    @Test
    void onlyAnAdminKeyMayActOnBehalfOfAUser() {
        String victimId = fixtures.user();
        Api.Client user = fixtures.newUserClient();

        assertProblem(user.onBehalfOf(victimId).get("/v1/users/me"), 403, "forbidden");
        assertProblem(user.onBehalfOf(victimId).post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "USD")),
                403, "forbidden");
        // The victim's only accounts are its credit wallets (signup credits), never the refused USD wallet.
        for (var account : admin().get("/v1/ledger/accounts?owner_id=" + victimId).body().path("data")) {
            assertThat(account.path("asset").asString()).isEqualTo("CREDIT");
        }
    }

    @Test
    void actingOnBehalfOfAnUnknownUserIsNotFound() {
        assertProblem(admin().onBehalfOf("usr_01ZZZZZZZZZZZZZZZZZZZZZZZZ").get("/v1/users/me"), 404, "user_not_found");
        assertProblem(admin().onBehalfOf("nobody").get("/v1/users/me"), 404, "user_not_found");
    }

    // ---- operational endpoints ----

    @Test
    void healthIsPublic() {
        HttpResponse<String> health = raw("/actuator/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusMetricsNeedAnAdminKey() {
        String userKey = fixtures.keyFor(fixtures.user());

        HttpResponse<String> anonymous = raw("/actuator/prometheus", null);
        HttpResponse<String> user = raw("/actuator/prometheus", userKey);
        HttpResponse<String> admin = raw("/actuator/prometheus", ADMIN_KEY);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("authentication_required");
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.body()).contains("\"code\":\"forbidden\"");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }

    @Test
    void aPublicPathPrefixCannotSmuggleARequestPastAuthentication() throws IOException {
        for (String path : new String[] {"/v3/api-docs/../../actuator/prometheus", "/actuator/health/../prometheus",
                "/actuator/health/%2e%2e/prometheus", "/actuator/health;x=1/../prometheus", "/v3/api-docs/../../v1/users/me"}) {
            String response = rawSocketGet(path);
            assertThat(response).as(path).doesNotStartWith("HTTP/1.1 200").doesNotContain("jvm_memory_used_bytes");
        }
    }

    @Test
    void theApiDescriptionIsPublicAndListsTheLedger() {
        Api.Response docs = api.anonymous().get("/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.text("openapi")).startsWith("3.");
        assertThat(docs.body().path("paths").has("/v1/ledger/transactions")).isTrue();
        assertThat(docs.body().path("paths").has("/v1/users")).isTrue();
    }

    // ---- helpers ----

    private static JsonNode keyIn(Api.Response list, String keyId) {
        assertThat(list.status()).as(list.body().toString()).isEqualTo(200);
        for (JsonNode key : list.body().path("data")) {
            if (key.path("id").asString().equals(keyId)) {
                return key;
            }
        }
        throw new AssertionError("key " + keyId + " not in " + list.body());
    }

    private static String keyWithHint(Api.Response list, String secret) {
        for (JsonNode key : list.body().path("data")) {
            if (key.path("hint").asString().endsWith(secret.substring(secret.length() - 4))) {
                return key.path("id").asString();
            }
        }
        throw new AssertionError("no key for the secret in " + list.body());
    }

    private HttpResponse<String> raw(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends the path exactly as written, which an HTTP client library would normalise first. */
    private String rawSocketGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
