package dev.mercato.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Setup over the public API, for tests that exercise Mercato as a client would: users, keys, funded accounts. */
public final class HttpFixtures {

    private final Api api;
    private final Api.Client admin;

    public HttpFixtures(Api api, Api.Client admin) {
        this.api = api;
        this.admin = admin;
    }

    /** A new ordinary user; returns its id. */
    public String user() {
        Api.Response created = admin.post("/v1/users", Map.of("name", "Test user " + UUID.randomUUID()));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.id();
    }

    /** A fresh API key secret for the user. */
    public String keyFor(String userId) {
        Api.Response key = admin.post("/v1/api-keys", Map.of("user_id", userId, "name", "test"));
        assertThat(key.status()).as(key.body().toString()).isEqualTo(201);
        return key.text("secret");
    }

    /** A client authenticated as a brand-new user. */
    public Api.Client newUserClient() {
        return api.as(keyFor(user()));
    }

    /** Opens an account for the caller (a user key, or an admin acting on behalf of a user); returns its id. */
    public String account(Api.Client owner, String purpose, String asset) {
        Api.Response opened = owner.post("/v1/ledger/accounts", Map.of("purpose", purpose, "asset", asset));
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
        return opened.id();
    }

    /** A boundless outside-world account of its own, so tests do not share one hot funding account. */
    public String world(String asset) {
        Api.Response opened = admin.post("/v1/ledger/accounts", Map.of("owner_type", "system",
                "owner_id", "world-" + UUID.randomUUID(), "purpose", "funding", "asset", asset, "allow_negative", true));
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
        return opened.id();
    }

    /** Moves {@code amount} from a fresh world account into {@code account} (admin). */
    public JsonNode fund(String account, long amount, String asset) {
        Api.Response posted = admin.post("/v1/ledger/transactions",
                transfer("deposit", world(asset), account, amount));
        assertThat(posted.status()).as(posted.body().toString()).isEqualTo(201);
        return posted.body();
    }

    public static Map<String, Object> transfer(String type, String from, String to, long amount) {
        return Map.of("type", type, "entries", List.of(entry(from, "debit", amount), entry(to, "credit", amount)));
    }

    public static Map<String, Object> entry(String account, String direction, Object amount) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("account_id", account);
        entry.put("direction", direction);
        entry.put("amount", amount);
        return entry;
    }

    /** The account's balance object ({@code posted}, {@code available}, {@code pending_debits} …), read by admin. */
    public JsonNode balance(String account) {
        Api.Response read = admin.get("/v1/ledger/accounts/" + account);
        assertThat(read.status()).as(read.body().toString()).isEqualTo(200);
        return read.body().path("balance");
    }

    public long posted(String account) {
        return balance(account).path("posted").asLong();
    }

    /** How many postings the account's statement holds (at most 100). */
    public int statementLines(String account) {
        Api.Response statement = admin.get("/v1/ledger/accounts/" + account + "/statement?limit=100");
        assertThat(statement.status()).as(statement.body().toString()).isEqualTo(200);
        return statement.body().path("data").size();
    }

    /** Checks the status and that the body is complete RFC 9457 problem+json with the expected {@code code}. */
    public static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.text("type")).isEqualTo("https://mercato.dev/errors/" + code);
        assertThat(response.text("title")).isNotBlank();
        assertThat(response.number("status")).isEqualTo(status);
        assertThat(response.text("detail")).isNotBlank();
    }
}
