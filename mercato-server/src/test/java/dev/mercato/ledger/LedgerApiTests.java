package dev.mercato.ledger;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static dev.mercato.testing.HttpFixtures.entry;
import static dev.mercato.testing.HttpFixtures.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The ledger as an HTTP client sees it: happy paths, ownership, and every kind of bad input changing nothing. */
class LedgerApiTests extends IntegrationTest {

    HttpFixtures fixtures;
    String userId;
    Api.Client user;

    @BeforeEach
    void user() {
        fixtures = new HttpFixtures(api, admin());
        userId = fixtures.user();
        user = api.as(fixtures.keyFor(userId));
        // A new user's signup credits open its two CREDIT accounts asynchronously; wait for them so
        // that the account lists below do not change under the tests.
        assertThat(Eventually.holds(() -> admin().get("/v1/ledger/accounts?owner_id=" + userId).body().path("data")
                .size() == 2)).isTrue();
    }

    // ---- happy paths ----

    @Test
    void opensAnAccountForTheCallingUser() {
        Api.Response opened = user.post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "USD"));

        assertThat(opened.status()).isEqualTo(201);
        assertThat(opened.id()).startsWith("acct_");
        assertThat(opened.text("object")).isEqualTo("ledger_account");
        assertThat(opened.text("owner_type")).isEqualTo("user");
        assertThat(opened.text("owner_id")).isEqualTo(userId);
        assertThat(opened.number("asset_scale")).isEqualTo(2);
        assertThat(opened.body().path("balance").path("posted").asLong()).isZero();
        assertThat(withoutCredits(user.get("/v1/ledger/accounts"))).extracting(n -> n.path("id").asString())
                .containsExactly(opened.id());
    }

    @Test
    void aUserCannotOpenAnAccountForSomeoneElseOrWithPrivileges() {
        String other = fixtures.user();

        assertProblem(user.post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "USD", "owner_id", other)),
                403, "forbidden");
        assertProblem(user.post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "USD", "allow_negative", true)),
                403, "forbidden");
        assertProblem(user.post("/v1/ledger/accounts", "{\"purpose\":\"wallet\",\"asset\":\"USD\",\"metadata\":{\"a\":null}}"),
                400, "invalid_parameter");
        assertProblem(user.post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "usd")), 400, "invalid_asset");
        assertProblem(user.post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "ZZZ")), 400, "unknown_asset");
        assertThat(withoutCredits(admin().get("/v1/ledger/accounts?owner_id=" + other))).isEmpty();
        assertThat(withoutCredits(user.get("/v1/ledger/accounts"))).isEmpty();
    }

    @Test
    void postsATransactionAndReadsItBackWithBalancesInStep() {
        String wallet = fixtures.account(user, "wallet", "USD");
        String savings = fixtures.account(user, "savings", "USD");
        fixtures.fund(wallet, 10_000, "USD");

        Api.Response posted = user.post("/v1/ledger/transactions", Map.of("type", "transfer", "reference", "ord_42",
                "metadata", Map.of("note", "rent"),
                "entries", List.of(entry(wallet, "debit", 2_500), entry(savings, "credit", 2_500))));

        assertThat(posted.status()).as(posted.body().toString()).isEqualTo(201);
        assertThat(posted.id()).startsWith("txn_");
        assertThat(posted.text("object")).isEqualTo("ledger_transaction");
        assertThat(posted.body().path("entries")).extracting(e -> e.path("account_id").asString() + " "
                + e.path("direction").asString() + " " + e.path("amount").asLong() + " " + e.path("asset").asString())
                .containsExactly(wallet + " debit 2500 USD", savings + " credit 2500 USD");
        assertThat(posted.text("reference")).isEqualTo("ord_42");
        assertThat(posted.body().path("metadata").path("note").asString()).isEqualTo("rent");

        Api.Response read = user.get("/v1/ledger/transactions/" + posted.id());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(posted.body());

        JsonNode walletBalance = user.get("/v1/ledger/accounts/" + wallet).body().path("balance");
        assertThat(walletBalance.path("posted").asLong()).isEqualTo(7_500);
        assertThat(walletBalance.path("available").asLong()).isEqualTo(7_500);
        assertThat(fixtures.posted(savings)).isEqualTo(2_500);
    }

    @Test
    void aUserCannotReadAnotherUsersAccountOrTransaction() {
        String wallet = fixtures.account(user, "wallet", "USD");
        JsonNode deposit = fixtures.fund(wallet, 100, "USD");
        Api.Client stranger = fixtures.newUserClient();

        assertProblem(stranger.get("/v1/ledger/accounts/" + wallet), 404, "account_not_found");
        assertProblem(stranger.get("/v1/ledger/accounts/" + wallet + "/statement"), 404, "account_not_found");
        assertProblem(stranger.get("/v1/ledger/transactions/" + deposit.path("id").asString()), 404,
                "transaction_not_found");
        assertThat(stranger.get("/v1/ledger/accounts?owner_id=" + userId).body().path("data").size()).isZero();
    }

    @Test
    void paginatesTheStatementNewestFirstWithRunningBalances() {
        String wallet = fixtures.account(user, "wallet", "USD");
        for (long amount = 1; amount <= 5; amount++) {
            fixtures.fund(wallet, amount * 100, "USD");
        }

        Api.Response first = user.get("/v1/ledger/accounts/" + wallet + "/statement?limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text("object")).isEqualTo("list");
        assertThat(first.body().path("has_more").asBoolean()).isTrue();
        List<JsonNode> lines = new ArrayList<>(list(first));
        String cursor = lines.getLast().path("id").asString();

        Api.Response second = user.get("/v1/ledger/accounts/" + wallet + "/statement?limit=2&starting_after=" + cursor);
        assertThat(second.body().path("has_more").asBoolean()).isTrue();
        lines.addAll(list(second));
        cursor = lines.getLast().path("id").asString();

        Api.Response third = user.get("/v1/ledger/accounts/" + wallet + "/statement?limit=2&starting_after=" + cursor);
        assertThat(third.body().path("has_more").asBoolean()).isFalse();
        lines.addAll(list(third));

        assertThat(lines).extracting(l -> l.path("amount").asLong()).containsExactly(500L, 400L, 300L, 200L, 100L);
        assertThat(lines).extracting(l -> l.path("running_balance").asLong())
                .containsExactly(1_500L, 1_000L, 600L, 300L, 100L);
        assertThat(lines).extracting(l -> l.path("direction").asString()).containsOnly("credit");
        assertThat(lines).extracting(l -> l.path("id").asLong()).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertProblem(user.get("/v1/ledger/accounts/" + wallet + "/statement?limit=0"), 400, "invalid_limit");
        assertProblem(user.get("/v1/ledger/accounts/" + wallet + "/statement?limit=101"), 400, "invalid_limit");
    }

    @Test
    void paginatesTheAccountList() {
        List<String> opened = new ArrayList<>();
        for (String purpose : List.of("a", "b", "c")) {
            opened.add(fixtures.account(user, purpose, "USD"));
        }

        // With the two credit accounts the user has five: pages of 2, 2 and 1.
        Api.Response first = user.get("/v1/ledger/accounts?limit=2");
        Api.Response second = user.get("/v1/ledger/accounts?limit=2&starting_after=" + list(first).getLast().path("id").asString());
        Api.Response rest = user.get("/v1/ledger/accounts?limit=2&starting_after=" + list(second).getLast().path("id").asString());

        assertThat(first.body().path("has_more").asBoolean()).isTrue();
        assertThat(second.body().path("has_more").asBoolean()).isTrue();
        assertThat(rest.body().path("has_more").asBoolean()).isFalse();
        assertThat(list(rest)).hasSize(1);
        List<String> seen = new ArrayList<>();
        for (Api.Response page : List.of(first, second, rest)) {
            withoutCredits(page).forEach(a -> seen.add(a.path("id").asString()));
        }
        assertThat(seen).containsExactlyElementsOf(opened.stream().sorted().toList());
    }

    @Test
    void holdsReserveFundsThenCapturePartlyOrVoid() {
        String buyer = fixtures.account(user, "wallet", "USD");
        String seller = fixtures.account(user, "escrow", "USD");
        fixtures.fund(buyer, 1_000, "USD");

        Api.Response hold = user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 600, "reference", "ord_7"));
        assertThat(hold.status()).as(hold.body().toString()).isEqualTo(201);
        assertThat(hold.id()).startsWith("hold_");
        assertThat(hold.text("status")).isEqualTo("pending");
        assertThat(hold.text("asset")).isEqualTo("USD");
        assertThat(hold.body().path("expires_at").isNull()).isTrue();
        JsonNode reserved = fixtures.balance(buyer);
        assertThat(reserved.path("posted").asLong()).isEqualTo(1_000);
        assertThat(reserved.path("available").asLong()).isEqualTo(400);
        assertThat(reserved.path("pending_debits").asLong()).isEqualTo(600);
        assertThat(fixtures.balance(seller).path("pending_credits").asLong()).isEqualTo(600);

        Api.Response capture = user.post("/v1/ledger/holds/" + hold.id() + "/capture", Map.of("amount", 450));
        assertThat(capture.status()).as(capture.body().toString()).isEqualTo(200);
        assertThat(capture.text("hold_id")).isEqualTo(hold.id());
        assertThat(capture.text("type")).isEqualTo("hold.capture");
        Api.Response captured = user.get("/v1/ledger/holds/" + hold.id());
        assertThat(captured.text("status")).isEqualTo("captured");
        assertThat(captured.number("captured_amount")).isEqualTo(450);
        assertThat(captured.text("capture_transaction_id")).isEqualTo(capture.id());
        assertThat(captured.body().path("resolved_at").isNull()).isFalse();
        assertThat(fixtures.balance(buyer).path("available").asLong()).isEqualTo(550);
        assertThat(fixtures.balance(seller).path("posted").asLong()).isEqualTo(450);
        assertThat(fixtures.balance(seller).path("pending_credits").asLong()).isZero();

        Api.Response second = user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 500));
        assertThat(fixtures.balance(buyer).path("available").asLong()).isEqualTo(50);
        Api.Response voided = user.post("/v1/ledger/holds/" + second.id() + "/void", Map.of());
        assertThat(voided.status()).as(voided.body().toString()).isEqualTo(200);
        assertThat(voided.text("status")).isEqualTo("voided");
        assertThat(fixtures.balance(buyer).path("available").asLong()).isEqualTo(550);
        assertProblem(user.post("/v1/ledger/holds/" + second.id() + "/capture", Map.of()), 409, "hold_not_pending");
        assertProblem(user.post("/v1/ledger/holds/" + hold.id() + "/void", Map.of()), 409, "hold_not_pending");
    }

    @Test
    void aHoldCannotReserveMoreThanIsAvailableNorCaptureMoreThanItHolds() {
        String buyer = fixtures.account(user, "wallet", "USD");
        String seller = fixtures.account(user, "escrow", "USD");
        fixtures.fund(buyer, 1_000, "USD");

        assertProblem(user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 1_001)), 422, "insufficient_funds");
        Api.Response hold = user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 300));
        assertProblem(user.post("/v1/ledger/holds/" + hold.id() + "/capture", Map.of("amount", 301)), 422,
                "capture_exceeds_hold");

        assertThat(user.get("/v1/ledger/holds/" + hold.id()).text("status")).isEqualTo("pending");
        assertThat(fixtures.balance(buyer).path("available").asLong()).isEqualTo(700);
        assertThat(fixtures.posted(seller)).isZero();
    }

    @Test
    void aHoldWithExpiresInSecondsExpiresThatLongAfterItIsPlaced() {
        String buyer = fixtures.account(user, "wallet", "USD");
        String seller = fixtures.account(user, "escrow", "USD");
        fixtures.fund(buyer, 1_000, "USD");
        Instant before = now();

        Api.Response hold = user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 100, "expires_in_seconds", 3_600));

        assertThat(hold.status()).as(hold.body().toString()).isEqualTo(201);
        Instant expiresAt = Instant.parse(hold.text("expires_at"));
        assertThat(expiresAt).isEqualTo(Instant.parse(hold.text("created_at")).plusSeconds(3_600));
        assertThat(expiresAt).isBetween(before.plusSeconds(3_600), now().plusSeconds(3_600));
        assertProblem(user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 100, "expires_in_seconds", 60, "expires_at", expiresAt.toString())), 400, "invalid_expiry");
        assertProblem(user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 100, "expires_in_seconds", -5)), 400, "invalid_expiry");
        assertProblem(user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 100, "expires_in_seconds", Long.MAX_VALUE)), 400, "invalid_expiry");
        assertProblem(user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 100, "expires_at", "+20000-01-01T00:00:00Z")), 400, "invalid_expiry");
        assertThat(fixtures.balance(buyer).path("pending_debits").asLong()).isEqualTo(100);
    }

    @Test
    void retryingAHoldWithExpiresInSecondsReturnsTheSameHold() {
        String buyer = fixtures.account(user, "wallet", "USD");
        String seller = fixtures.account(user, "escrow", "USD");
        fixtures.fund(buyer, 1_000, "USD");
        Map<String, Object> request = Map.of("idempotency_key", "hold-" + UUID.randomUUID(), "debit_account_id", buyer,
                "credit_account_id", seller, "amount", 100, "expires_in_seconds", 3_600);

        Api.Response first = user.post("/v1/ledger/holds", request);
        Api.Response retry = user.post("/v1/ledger/holds", request);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).as(retry.body().toString()).isEqualTo(201);
        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(retry.text("expires_at")).isEqualTo(first.text("expires_at"));
        assertThat(fixtures.balance(buyer).path("pending_debits").asLong()).isEqualTo(100);
    }

    @Test
    void reversesATransactionOnceAndRestoresBalances() {
        String wallet = fixtures.account(user, "wallet", "USD");
        String savings = fixtures.account(user, "savings", "USD");
        fixtures.fund(wallet, 1_000, "USD");
        Api.Response original = user.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 400));

        Api.Response reversal = user.post("/v1/ledger/transactions/" + original.id() + "/reverse",
                Map.of("reason", "customer changed their mind"));

        assertThat(reversal.status()).as(reversal.body().toString()).isEqualTo(201);
        assertThat(reversal.text("reverses")).isEqualTo(original.id());
        assertThat(reversal.text("type")).isEqualTo("reversal");
        assertThat(reversal.body().path("metadata").path("reason").asString()).isEqualTo("customer changed their mind");
        assertThat(fixtures.posted(wallet)).isEqualTo(1_000);
        assertThat(fixtures.posted(savings)).isZero();
        assertProblem(user.post("/v1/ledger/transactions/" + original.id() + "/reverse", Map.of()), 409,
                "transaction_already_reversed");
        assertProblem(user.post("/v1/ledger/transactions/" + reversal.id() + "/reverse", Map.of()), 422,
                "cannot_reverse_reversal");
        assertThat(fixtures.posted(wallet)).isEqualTo(1_000);
    }

    @Test
    void reversesPartlyButNeverBeyondTheOriginal() {
        String wallet = fixtures.account(user, "wallet", "USD");
        String savings = fixtures.account(user, "savings", "USD");
        fixtures.fund(wallet, 1_000, "USD");
        Api.Response original = user.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 400));

        Api.Response part = user.post("/v1/ledger/transactions/" + original.id() + "/reverse", Map.of("amount", 150));

        assertThat(part.status()).as(part.body().toString()).isEqualTo(201);
        assertThat(fixtures.posted(savings)).isEqualTo(250);
        assertProblem(user.post("/v1/ledger/transactions/" + original.id() + "/reverse", Map.of("amount", 251)), 422,
                "reversal_exceeds_original");
        assertThat(fixtures.posted(savings)).isEqualTo(250);
        assertThat(fixtures.posted(wallet)).isEqualTo(750);
    }

    @Test
    void verifiesTheLedgerForAnAdminOnly() {
        String wallet = fixtures.account(user, "wallet", "USD");
        fixtures.fund(wallet, 1_000, "USD");

        Api.Response report = admin().get("/v1/ledger/verify");

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body().path("violations").size()).as(report.body().toString()).isZero();
        assertThat(report.body().path("ok").asBoolean()).isTrue();
        assertThat(report.number("transactions")).isPositive();
        assertThat(report.number("postings")).isGreaterThanOrEqualTo(2 * report.number("transactions"));
        assertProblem(user.get("/v1/ledger/verify"), 403, "forbidden");
    }

    // ---- bad input: the right error, and nothing changes ----

    @Test
    void refusesEveryMalformedTransactionAndChangesNothing() {
        String usd = fixtures.account(user, "wallet", "USD");
        String usd2 = fixtures.account(user, "savings", "USD");
        String eur = fixtures.account(user, "euro", "EUR");
        fixtures.fund(usd, 1_000, "USD");
        fixtures.fund(eur, 1_000, "EUR");
        String world = fixtures.world("USD");
        Ledgers before = snapshot(usd, usd2, eur, world);

        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(usd, "debit", 100), entry(usd2, "credit", 90))),
                400, "unbalanced_transaction");
        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(usd, "debit", 100), entry(eur, "credit", 100))),
                400, "unbalanced_transaction");
        assertRefused(() -> user.post("/v1/ledger/transactions",
                body(withAsset(entry(usd, "debit", 100), "USD"), withAsset(entry(eur, "credit", 100), "USD"))),
                400, "asset_mismatch");
        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(usd, "debit", 0), entry(usd2, "credit", 0))),
                400, "invalid_amount");
        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(usd, "debit", -5), entry(usd2, "credit", -5))),
                400, "invalid_amount");
        assertRefused(() -> user.post("/v1/ledger/transactions", """
                {"type":"transfer","entries":[
                  {"account_id":"%s","direction":"debit","amount":99999999999999999999},
                  {"account_id":"%s","direction":"credit","amount":99999999999999999999}]}""".formatted(usd, usd2)),
                400, "amount_overflow");
        assertRefused(() -> admin().post("/v1/ledger/transactions", body(entry(world, "debit", Long.MAX_VALUE),
                entry(world, "debit", Long.MAX_VALUE), entry(usd2, "credit", 1))), 400, "amount_overflow");
        assertRefused(() -> user.post("/v1/ledger/transactions",
                body(entry(usd, "debit", 100), entry("acct_01ZZZZZZZZZZZZZZZZZZZZZZZZ", "credit", 100))),
                404, "account_not_found");
        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(usd, "debit", 100), entry("nonsense", "credit", 100))),
                404, "account_not_found");
        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(usd, "debit", 1_001), entry(usd2, "credit", 1_001))),
                422, "insufficient_funds");
        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(usd2, "credit", 100))), 400, "too_few_entries");
        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(usd, "sideways", 100), entry(usd2, "credit", 100))),
                400, "validation_failed");
        assertRefused(() -> user.post("/v1/ledger/transactions", Map.of("type", "transfer", "entries",
                List.of(entry(usd, "debit", 100), entry(usd2, "credit", 100)), "effective_at", now().plus(Duration.ofDays(1)).toString())),
                400, "effective_time_in_future");
        assertRefused(() -> user.post("/v1/ledger/transactions", """
                {"type":"transfer","metadata":{"note":null},"entries":[
                  {"account_id":"%s","direction":"debit","amount":100},
                  {"account_id":"%s","direction":"credit","amount":100}]}""".formatted(usd, usd2)),
                400, "invalid_parameter");
        assertRefused(() -> user.post("/v1/ledger/transactions", "{\"type\":\"transfer\",\"entries\":["), 400, "malformed_json");
        assertRefused(() -> user.post("/v1/ledger/transactions", Map.of("type", "transfer", "entries",
                List.of(entry(usd, "debit", 100), entry(usd2, "credit", 100)), "colour", "blue")), 400, "unknown_parameter");
        assertRefused(() -> user.post("/v1/ledger/transactions", Map.of("type", "transfer", "entries",
                List.of(Map.of("account_id", usd, "direction", "debit", "amount", 100, "currency", "USD"),
                        entry(usd2, "credit", 100)))), 400, "unknown_parameter");
        assertRefused(() -> user.post("/v1/ledger/transactions", """
                {"type":"transfer","entries":[
                  {"account_id":"%s","direction":"debit","amount":100.7},
                  {"account_id":"%s","direction":"credit","amount":100.7}]}""".formatted(usd, usd2)),
                400, "invalid_parameter");
        assertRefused(() -> user.post("/v1/ledger/transactions", "{\"type\":\"transfer\",\"entries\":[{\"account_id\":\""
                + usd + "\",\"direction\":\"debit\",\"amount\":\"lots\"}]}"), 400, "invalid_parameter");

        assertThat(snapshot(usd, usd2, eur, world)).isEqualTo(before);
    }

    @Test
    void aUserCannotMoveMoneyThroughAnotherUsersAccount() {
        String mine = fixtures.account(user, "wallet", "USD");
        Api.Client victim = fixtures.newUserClient();
        String theirs = fixtures.account(victim, "wallet", "USD");
        fixtures.fund(theirs, 1_000, "USD");
        Ledgers before = snapshot(mine, theirs);

        assertRefused(() -> user.post("/v1/ledger/transactions", body(entry(theirs, "debit", 500), entry(mine, "credit", 500))),
                404, "account_not_found");
        assertRefused(() -> user.post("/v1/ledger/holds", Map.of("debit_account_id", theirs, "credit_account_id", mine,
                "amount", 500)), 404, "account_not_found");

        assertThat(snapshot(mine, theirs)).isEqualTo(before);
    }

    @Test
    void refusesATransferThatWouldTakeAnAccountBelowItsOverdraftLimit() {
        Api.Response limited = admin().post("/v1/ledger/accounts", Map.of("owner_type", "user", "owner_id", userId,
                "purpose", "credit-line", "asset", "USD", "overdraft_limit", 500));
        assertThat(limited.status()).as(limited.body().toString()).isEqualTo(201);
        String account = limited.id();
        String wallet = fixtures.account(user, "wallet", "USD");

        Api.Response toTheLimit = user.post("/v1/ledger/transactions", transfer("transfer", account, wallet, 500));
        assertThat(toTheLimit.status()).as(toTheLimit.body().toString()).isEqualTo(201);
        Ledgers before = snapshot(account, wallet);

        assertRefused(() -> user.post("/v1/ledger/transactions", transfer("transfer", account, wallet, 1)), 422,
                "insufficient_funds");

        assertThat(snapshot(account, wallet)).isEqualTo(before);
        assertThat(fixtures.posted(account)).isEqualTo(-500);
    }

    @Test
    void refusesAReusedIdempotencyKeyWithADifferentBodyInTheBodyOrTheHeader() {
        String wallet = fixtures.account(user, "wallet", "USD");
        String savings = fixtures.account(user, "savings", "USD");
        fixtures.fund(wallet, 1_000, "USD");

        String bodyKey = "body-" + UUID.randomUUID();
        Map<String, Object> first = new HashMap<>(transfer("transfer", wallet, savings, 100));
        first.put("idempotency_key", bodyKey);
        Map<String, Object> changed = new HashMap<>(transfer("transfer", wallet, savings, 200));
        changed.put("idempotency_key", bodyKey);
        Api.Response original = user.post("/v1/ledger/transactions", first);
        assertThat(original.status()).isEqualTo(201);
        assertThat(user.post("/v1/ledger/transactions", first).id()).isEqualTo(original.id());
        Ledgers afterFirst = snapshot(wallet, savings);
        assertRefused(() -> user.post("/v1/ledger/transactions", changed), 422, "idempotency_key_reused");
        assertThat(snapshot(wallet, savings)).isEqualTo(afterFirst);

        Api.Client withHeader = user.idempotencyKey("header-" + UUID.randomUUID());
        assertThat(withHeader.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 100)).status())
                .isEqualTo(201);
        Ledgers afterSecond = snapshot(wallet, savings);
        assertRefused(() -> withHeader.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 200)), 422,
                "idempotency_key_reused");
        assertThat(snapshot(wallet, savings)).isEqualTo(afterSecond);
        assertThat(fixtures.posted(savings)).isEqualTo(200);
    }

    @Test
    void refusesRequestsWithoutAValidKeyAndChangesNothing() {
        String wallet = fixtures.account(user, "wallet", "USD");
        String savings = fixtures.account(user, "savings", "USD");
        fixtures.fund(wallet, 1_000, "USD");
        Map<String, Object> move = transfer("transfer", wallet, savings, 100);
        Ledgers before = snapshot(wallet, savings);

        assertRefused(() -> api.anonymous().post("/v1/ledger/transactions", move), 401, "authentication_required");
        assertRefused(() -> api.as("mk_this_key_was_never_issued_0123456789").post("/v1/ledger/transactions", move), 401,
                "invalid_api_key");
        assertRefused(() -> api.anonymous().header("Authorization", "Basic dXNlcjpwYXNz").post("/v1/ledger/transactions", move),
                401, "invalid_api_key");
        assertRefused(() -> api.as("garbage").post("/v1/ledger/transactions", move), 401, "invalid_api_key");

        assertThat(snapshot(wallet, savings)).isEqualTo(before);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        String wallet = fixtures.account(user, "wallet", "USD");
        String savings = fixtures.account(user, "savings", "USD");
        fixtures.fund(wallet, 1_000, "USD");
        Api.Response issued = admin().post("/v1/api-keys", Map.of("user_id", userId, "name", "doomed"));
        Api.Client doomed = api.as(issued.text("secret"));
        assertThat(doomed.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 100)).status())
                .isEqualTo(201);
        Ledgers before = snapshot(wallet, savings);

        assertThat(admin().delete("/v1/api-keys/" + issued.id()).status()).isEqualTo(200);

        assertRefused(() -> doomed.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 100)), 401,
                "api_key_revoked");
        assertRefused(() -> doomed.get("/v1/ledger/accounts/" + wallet), 401, "api_key_revoked");
        assertThat(snapshot(wallet, savings)).isEqualTo(before);
        assertThat(user.get("/v1/ledger/accounts/" + wallet).status()).isEqualTo(200);
    }

    @Test
    void everyKindOfRequestErrorIsProblemJson() {
        assertProblem(user.get("/v1/ledger/no-such-thing"), 404, "not_found");
        assertProblem(user.send("DELETE", "/v1/ledger/transactions", null), 405, "method_not_allowed");
        assertProblem(user.header("Content-Type", "application/json").send("POST", "/v1/ledger/transactions", null), 400,
                "missing_body");
        assertProblem(user.get("/v1/ledger/accounts/acct_x/statement?starting_after=abc"), 400, "invalid_parameter");
        assertProblem(user.get("/v1/ledger/holds/hold_01ZZZZZZZZZZZZZZZZZZZZZZZZ"), 404, "hold_not_found");
    }

    // ---- helpers ----

    /** Balances and statement lengths of some accounts: equal snapshots mean nothing moved. */
    record Ledgers(Map<String, String> state) {
    }

    private Ledgers snapshot(String... accounts) {
        Map<String, String> state = new LinkedHashMap<>();
        for (String account : accounts) {
            state.put(account, fixtures.balance(account) + " lines=" + fixtures.statementLines(account));
        }
        return new Ledgers(state);
    }

    private static Map<String, Object> body(Map<?, ?>... entries) {
        return Map.of("type", "transfer", "entries", List.of(entries));
    }

    private static Map<String, Object> withAsset(Map<String, Object> entry, String asset) {
        entry.put("asset", asset);
        return entry;
    }

    /** The page's accounts other than the user's credit wallets (asset CREDIT, opened for the signup credits). */
    private static List<JsonNode> withoutCredits(Api.Response page) {
        return list(page).stream().filter(a -> !a.path("asset").asString().equals("CREDIT")).toList();
    }

    private static List<JsonNode> list(Api.Response page) {
        List<JsonNode> items = new ArrayList<>();
        page.body().path("data").forEach(items::add);
        return items;
    }

    private Instant now() {
        return Instant.parse(admin().get("/v1/test-clock").text("now"));
    }

    private static void assertRefused(Supplier<Api.Response> request, int status, String code) {
        assertProblem(request.get(), status, code);
    }
}
