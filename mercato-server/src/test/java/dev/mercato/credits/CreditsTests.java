package dev.mercato.credits;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.identity.UserCreated;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.internal.PaymentJanitor;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Credit wallets against real PostgreSQL: the signup grant, draw order, expiry at read time and by
 * the job, top-ups through the simulated processor, races and bad input — each followed by the
 * ledger verifying clean and the wallets' ledger balances matching their lots.
 */
class CreditsTests extends IntegrationTest {

    @Autowired
    Credits credits;
    @Autowired
    CreditExpiry expiry;
    @Autowired
    SignupCredits signup;
    @Autowired
    Accounts accounts;
    @Autowired
    LedgerVerification verification;
    @Autowired
    MercatoClock clock;
    @Autowired
    PaymentProcessors processors;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CreditPurchases purchases;
    @Autowired
    PaymentJanitor janitor;
    @Autowired
    TransactionTemplate transactions;

    HttpFixtures fixtures;
    List<String> usersSeen;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        usersSeen = new ArrayList<>();
    }

    @AfterEach
    void ledgerIsCleanAndWalletsMatchTheirLots() {
        assertThat(verification.verify().violations()).isEmpty();
        for (String user : usersSeen) {
            for (CreditKind kind : CreditKind.values()) {
                Long lots = jdbc.queryForObject("SELECT coalesce(sum(remaining), 0) FROM credit_lots WHERE user_id = ? AND kind = ?",
                        Long.class, user, kind.code());
                assertThat(ledgerBalance(user, kind)).as(user + " " + kind).isEqualTo(lots);
                assertThat(lots).isNotNegative();
            }
        }
    }

    @Test
    void aNewUserGetsFiftyFreeCreditsOnceEvenWhenTheSignupEventIsDeliveredAgain() throws Exception {
        String user = userWithSignupCredits();
        Api.Client client = api.as(fixtures.keyFor(user));

        JsonNode balance = client.get("/v1/credits/balance").body();
        assertThat(balance.path("total").asLong()).isEqualTo(50);
        assertThat(balance.path("free").asLong()).isEqualTo(50);
        assertThat(balance.path("paid").asLong()).isZero();
        assertThat(balance.path("next_expiry").isNull()).isTrue();

        // The outbox redelivers the event, twice at the same time and once more afterwards.
        UserCreated again = new UserCreated(user, "user", clock.instant());
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> redeliveries = List.of(pool.submit(() -> signup.on(again)), pool.submit(() -> signup.on(again)));
            for (Future<?> f : redeliveries) {
                f.get();
            }
        }
        signup.on(again);

        assertThat(client.get("/v1/credits/balance").body().path("total").asLong()).isEqualTo(50);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_lots WHERE user_id = ?", Long.class, user)).isOne();
        JsonNode history = client.get("/v1/credits/history").body().path("data");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("type").asString()).isEqualTo("grant");
        assertThat(history.get(0).path("reason").asString()).isEqualTo("signup");
        String lot = history.get(0).path("lot_id").asString();
        assertThat(Eventually.holds(() -> webhookEventFor("credits.granted", "lot_id", lot))).isTrue();
    }

    @Test
    void creditIsDrawnSoonestExpiringFirstThenFreeBeforePaidThenOldestFirst() {
        String user = userWithSignupCredits(); // 50 free, never expiring, granted first
        Instant now = clock.instant();
        String later = grant(user, 10, now.plus(Duration.ofDays(10)), "later");
        String sooner = grant(user, 10, now.plus(Duration.ofDays(5)), "sooner");
        String paid = topUp(user, 100).path("lot_id").asString(); // never expiring, paid

        CreditDraw first = credits.draw(user, 15, "run-1");
        assertThat(remaining(sooner)).isZero();
        assertThat(remaining(later)).isEqualTo(5);
        assertThat(first.freeUnits()).isEqualTo(15);

        CreditDraw second = credits.draw(user, 10, "run-2"); // 5 from 'later', then the signup lot: free before paid
        assertThat(remaining(later)).isZero();
        assertThat(remaining(signupLot(user))).isEqualTo(45);
        assertThat(remaining(paid)).isEqualTo(100);
        assertThat(second.paidUnits()).isZero();

        CreditDraw third = credits.draw(user, 50, "run-3"); // the last 45 free, then 5 paid
        assertThat(third.freeUnits()).isEqualTo(45);
        assertThat(third.paidUnits()).isEqualTo(5);
        assertThat(remaining(paid)).isEqualTo(95);

        JsonNode balance = api.as(fixtures.keyFor(user)).get("/v1/credits/balance").body();
        assertThat(balance.path("paid").asLong()).isEqualTo(95);
        assertThat(balance.path("free").asLong()).isZero();
        JsonNode history = api.as(fixtures.keyFor(user)).get("/v1/credits/history?limit=2").body();
        assertThat(history.path("has_more").asBoolean()).isTrue();
        assertThat(history.path("data").get(0).path("type").asString()).isEqualTo("draw");
        assertThat(history.path("data").get(0).path("units").asLong()).isEqualTo(-50);
        assertThat(history.path("data").get(0).path("paid_units").asLong()).isEqualTo(-5);
        String cursor = history.path("data").get(1).path("id").asString();
        JsonNode rest = api.as(fixtures.keyFor(user)).get("/v1/credits/history?limit=100&starting_after=" + cursor).body();
        assertThat(rest.path("data")).hasSize(5); // draw run-1, purchase, two grants, signup
        assertThat(rest.path("data").get(rest.path("data").size() - 1).path("reason").asString()).isEqualTo("signup");
    }

    @Test
    void expiredCreditIsNeverSpendableEvenBeforeTheJobRunsAndTheJobTakesItOutOfTheLedger() {
        String user = userWithSignupCredits();
        Api.Client client = api.as(fixtures.keyFor(user));
        Instant expires = clock.instant().plus(Duration.ofHours(1));
        String lot = grant(user, 20, expires, "launch week");

        JsonNode before = client.get("/v1/credits/balance").body();
        assertThat(before.path("total").asLong()).isEqualTo(70);
        assertThat(before.path("next_expiry").path("units").asLong()).isEqualTo(20);
        assertThat(Instant.parse(before.path("next_expiry").path("at").asString())).isEqualTo(expires);

        clock.advance(Duration.ofHours(1));

        // The ledger still holds the 20 until the job runs; the wallet does not offer them.
        JsonNode after = client.get("/v1/credits/balance").body();
        assertThat(after.path("total").asLong()).isEqualTo(50);
        assertThat(after.path("next_expiry").isNull()).isTrue();
        assertThatThrownBy(() -> credits.draw(user, 51, "too-much")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("insufficient_credits");
            assertThat(e.details()).containsEntry("available", 50L).containsEntry("requested", 51L);
        });
        assertThat(credits.draw(user, 50, "all-of-it").freeUnits()).isEqualTo(50);
        assertThat(remaining(lot)).isEqualTo(20);

        assertThat(admin().get("/v1/admin/jobs").body().toString()).contains("credits.expire-lots");
        expiry.expireDue();

        assertThat(remaining(lot)).isZero();
        assertThat(jdbc.queryForObject("SELECT expired FROM credit_lots WHERE id = ?", Long.class, lot)).isEqualTo(20);
        assertThat(ledgerBalance(user, CreditKind.FREE)).isZero();
        JsonNode latest = client.get("/v1/credits/history?limit=1").body().path("data").get(0);
        assertThat(latest.path("type").asString()).isEqualTo("expiry");
        assertThat(latest.path("units").asLong()).isEqualTo(-20);
        assertThat(latest.path("lot_id").asString()).isEqualTo(lot);
        assertThat(Eventually.holds(() -> webhookEventFor("credits.expired", "lot_id", lot))).isTrue();
        expiry.expireDue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_movements WHERE lot_id = ? AND type = 'expiry'",
                Long.class, lot)).isOne();
    }

    @Test
    void aPaidTopUpGrantsPaidCreditsAndPostsTheSaleAndADeclinedOneGrantsNothing() {
        String user = userWithSignupCredits();
        Api.Client client = api.as(fixtures.keyFor(user));
        long revenue = systemBalance(AccountOwner.platform(), "platform.revenue");
        long fees = systemBalance(AccountOwner.system("processor"), "processor.fees");
        long clearing = systemBalance(AccountOwner.system("processor"), "processor.clearing");

        Map<String, Object> request = Map.of("units", 500, "currency", "usd", "payment_method", "tok_visa");
        Api.Response bought = client.idempotencyKey("buy-1").post("/v1/credits/top-ups", request);

        assertThat(bought.status()).as(bought.body().toString()).isEqualTo(201);
        assertThat(bought.text("status")).isEqualTo("succeeded");
        assertThat(bought.number("amount")).isEqualTo(500); // 1 cent per credit by default
        assertThat(bought.text("currency")).isEqualTo("USD");
        long fee = processors.active().fee(500, "USD");
        assertThat(systemBalance(AccountOwner.platform(), "platform.revenue") - revenue).isEqualTo(500 - fee);
        assertThat(systemBalance(AccountOwner.system("processor"), "processor.fees") - fees).isEqualTo(fee);
        assertThat(systemBalance(AccountOwner.system("processor"), "processor.clearing") - clearing).isEqualTo(-500);
        JsonNode balance = client.get("/v1/credits/balance").body();
        assertThat(balance.path("paid").asLong()).isEqualTo(500);
        assertThat(balance.path("free").asLong()).isEqualTo(50);
        assertThat(client.get("/v1/credits/history?limit=1").body().path("data").get(0).path("type").asString())
                .isEqualTo("purchase");
        String requestId = bought.raw().headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode audited = admin().get("/v1/audit-events?request_id=" + requestId).body().path("data");
        assertThat(audited).hasSize(1);
        Map<String, JsonNode> changes = new HashMap<>();
        audited.get(0).path("summary").path("changes").forEach(c -> changes.put(c.path("resource_type").asString(), c));
        assertThat(changes.get("credit_top_up").path("before").path("status").asString()).isEqualTo("pending");
        assertThat(changes.get("credit_top_up").path("after").path("status").asString()).isEqualTo("succeeded");
        assertThat(changes.get("credit_lot").path("after").path("kind").asString()).isEqualTo("paid");

        Api.Response replayed = client.idempotencyKey("buy-1").post("/v1/credits/top-ups", request);
        assertThat(replayed.id()).isEqualTo(bought.id());
        // Past the HTTP replay layer, the module's own key still buys once.
        CreditTopUp again = purchases().topUp(user, 500, "USD", "tok_visa", "buy-1");
        assertThat(again.id()).isEqualTo(bought.id());
        assertThat(client.get("/v1/credits/balance").body().path("paid").asLong()).isEqualTo(500);
        assertThat(Eventually.holds(() -> webhookEventFor("credits.purchased", "top_up_id", bought.id()))).isTrue();

        Api.Response declined = client.idempotencyKey("buy-2").post("/v1/credits/top-ups",
                Map.of("units", 300, "currency", "USD", "payment_method", "tok_decline"));
        assertProblem(declined, 402, "card_declined");
        assertThatThrownBy(() -> purchases().topUp(user, 300, "USD", "tok_decline", "buy-2"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("card_declined"));
        assertThat(client.get("/v1/credits/balance").body().path("paid").asLong()).isEqualTo(500);
        assertThat(jdbc.queryForObject("SELECT status FROM credit_top_ups WHERE user_id = ? AND idempotency_key = 'buy-2'",
                String.class, user)).isEqualTo("failed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_lots WHERE user_id = ? AND kind = 'paid'", Long.class,
                user)).isOne();
        assertThat(systemBalance(AccountOwner.system("processor"), "processor.clearing") - clearing).isEqualTo(-500);

        assertThat(client.get("/v1/credits/top-ups/" + bought.id()).text("lot_id")).isEqualTo(bought.text("lot_id"));
        assertProblem(fixtures.newUserClient().get("/v1/credits/top-ups/" + bought.id()), 404, "top_up_not_found");
    }

    @Test
    void aTopUpWhosePaymentTimedOutIsGrantedOnceWhenTheJanitorSettlesIt() {
        String user = userWithSignupCredits();
        Api.Client client = api.as(fixtures.keyFor(user));
        Map<String, Object> request = Map.of("units", 200, "currency", "USD", "payment_method", "tok_timeout");

        Api.Response timedOut = client.idempotencyKey("slow-1").post("/v1/credits/top-ups", request);

        assertProblem(timedOut, 503, "processor_unavailable");
        assertThat(credits.balance(user).paid()).isZero();
        String topUp = jdbc.queryForObject("SELECT id FROM credit_top_ups WHERE user_id = ?", String.class, user);
        assertThat(jdbc.queryForObject("SELECT status FROM credit_top_ups WHERE id = ?", String.class, topUp))
                .isEqualTo("pending");

        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();

        assertThat(Eventually.holds(() -> credits.balance(user).paid() == 200)).isTrue();
        assertThat(jdbc.queryForObject("SELECT status FROM credit_top_ups WHERE id = ?", String.class, topUp))
                .isEqualTo("succeeded");
        Api.Response retried = client.idempotencyKey("slow-1").post("/v1/credits/top-ups", request);
        assertThat(retried.status()).as(retried.body().toString()).isEqualTo(201);
        assertThat(retried.id()).isEqualTo(topUp);
        assertThat(retried.text("status")).isEqualTo("succeeded");
        assertThat(credits.balance(user).paid()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_attempts WHERE metadata->>'top_up_id' = ?", Long.class,
                topUp)).isOne();
    }

    @Test
    void aCallerDrawingInItsOwnTransactionCanCatchInsufficientCreditsAndStillCommit() {
        String user = userWithSignupCredits();

        transactions.executeWithoutResult(status -> {
            credits.grantPromotional(user, 5, null, "goodwill", "outer-" + user, "usr_operator");
            assertThatThrownBy(() -> credits.draw(user, 1_000, "too-big"))
                    .isInstanceOfSatisfying(InsufficientCreditsException.class, e -> {
                        assertThat(e.available()).isEqualTo(55);
                        assertThat(e.code()).isEqualTo("insufficient_credits");
                    });
            credits.draw(user, 2, "fits");
        });

        assertThat(credits.balance(user).total()).isEqualTo(53);
    }

    @Test
    void aHundredParallelDrawsOfOneAgainstTenSucceedExactlyTenTimes() throws Exception {
        String user = userWithSignupCredits();
        credits.draw(user, 40, "leave-ten");
        AtomicInteger refused = new AtomicInteger();
        List<Callable<Boolean>> draws = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String reference = "race-" + i;
            draws.add(() -> {
                try {
                    credits.draw(user, 1, reference);
                    return true;
                } catch (ApiException e) {
                    assertThat(e.code()).isEqualTo("insufficient_credits");
                    refused.incrementAndGet();
                    return false;
                }
            });
        }
        int succeeded = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<Boolean> f : pool.invokeAll(draws)) {
                succeeded += f.get() ? 1 : 0;
            }
        }

        assertThat(succeeded).isEqualTo(10);
        assertThat(refused).hasValue(90);
        assertThat(credits.balance(user).total()).isZero();
        assertThat(ledgerBalance(user, CreditKind.FREE)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_draws WHERE user_id = ?", Long.class, user)).isEqualTo(11);
    }

    @Test
    void drawsAndGrantsAreIdempotentEvenWhenRacedAndADrawCanBeGivenBack() throws Exception {
        String user = userWithSignupCredits();
        List<Callable<Object>> same = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            same.add(() -> credits.draw(user, 5, "job-42"));
            same.add(() -> credits.grantPromotional(user, 7, null, "apology", "sorry-1", "usr_operator"));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Object> f : pool.invokeAll(same)) {
                f.get();
            }
        }
        assertThat(credits.balance(user).total()).isEqualTo(50 - 5 + 7);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_draws WHERE user_id = ?", Long.class, user)).isOne();

        assertThatThrownBy(() -> credits.draw(user, 6, "job-42"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("reference_reused"));
        assertThatThrownBy(() -> credits.grantPromotional(user, 8, null, "apology", "sorry-1", "usr_operator"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));

        CreditDraw returned = credits.returnDraw(user, "job-42");
        assertThat(returned.returnedAt()).isNotNull();
        credits.returnDraw(user, "job-42");
        assertThat(credits.balance(user).total()).isEqualTo(57);
        assertThat(remaining(signupLot(user))).isEqualTo(50);
        assertThatThrownBy(() -> credits.returnDraw(user, "no-such-job"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("draw_not_found"));

        Map<String, Object> grant = Map.of("user_id", user, "units", 25, "reason", "referral bonus");
        Api.Response first = admin().idempotencyKey("grant-" + user).post("/v1/credits/grants", grant);
        Api.Response second = admin().idempotencyKey("grant-" + user).post("/v1/credits/grants", grant);
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(first.text("kind")).isEqualTo("free");
        assertThat(credits.balance(user).total()).isEqualTo(82);
    }

    @Test
    void badAmountsAndBadGrantsAreRefusedClearlyAndChangeNothing() {
        String user = userWithSignupCredits();
        Api.Client client = api.as(fixtures.keyFor(user));
        for (Object units : List.of(0, -5, 1_000_000_001L, Long.MAX_VALUE)) {
            assertProblem(admin().post("/v1/credits/grants", Map.of("user_id", user, "units", units, "reason", "x")), 400,
                    "invalid_units");
            assertProblem(client.post("/v1/credits/top-ups", Map.of("units", units, "currency", "USD",
                    "payment_method", "tok_visa")), 400, "invalid_units");
        }
        assertThatThrownBy(() -> credits.draw(user, -1, "negative"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_units"));
        assertThatThrownBy(() -> credits.draw(user, 1, " "))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_reference"));
        assertThat(client.post("/v1/credits/top-ups", "{\"units\": 1.5, \"currency\": \"USD\", \"payment_method\": \"tok_visa\"}")
                .status()).isEqualTo(400);
        assertProblem(client.post("/v1/credits/top-ups", Map.of("units", 10, "currency", "USD", "payment_method", "tok_visa")),
                400, "invalid_units"); // below the smallest top-up
        assertProblem(client.post("/v1/credits/top-ups", Map.of("units", 500, "currency", "JPY", "payment_method", "tok_visa")),
                400, "unsupported_currency");
        assertProblem(client.post("/v1/credits/top-ups", Map.of("units", 500, "currency", "USD")), 400,
                "invalid_payment_method");
        assertProblem(client.post("/v1/credits/grants", Map.of("user_id", user, "units", 10, "reason", "self-service")),
                403, "forbidden");
        assertProblem(admin().post("/v1/credits/grants", Map.of("user_id", "usr_nobody", "units", 10, "reason", "x")), 404,
                "user_not_found");
        assertProblem(admin().post("/v1/credits/grants", Map.of("user_id", user, "units", 10, "reason", "x",
                "expires_at", clock.instant().minusSeconds(1).toString())), 400, "invalid_expiry");
        assertProblem(admin().post("/v1/credits/grants", Map.of("user_id", user, "units", 10)), 400, "invalid_reason");
        assertProblem(client.get("/v1/credits/history?limit=0"), 400, "invalid_limit");

        assertThat(credits.balance(user).total()).isEqualTo(50);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_lots WHERE user_id = ?", Long.class, user)).isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_top_ups WHERE user_id = ?", Long.class, user)).isZero();
    }

    // ---- helpers ----

    private String userWithSignupCredits() {
        String user = fixtures.user();
        usersSeen.add(user);
        assertThat(Eventually.holds(() -> credits.balance(user).total() == 50)).as("signup credits of " + user).isTrue();
        return user;
    }

    private String grant(String user, long units, Instant expiresAt, String reason) {
        Map<String, Object> body = new HashMap<>(Map.of("user_id", user, "units", units, "reason", reason));
        body.put("expires_at", expiresAt.toString());
        Api.Response granted = admin().post("/v1/credits/grants", body);
        assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);
        return granted.id();
    }

    private JsonNode topUp(String user, long units) {
        Api.Response bought = api.as(fixtures.keyFor(user)).idempotencyKey(UUID.randomUUID().toString())
                .post("/v1/credits/top-ups", Map.of("units", units, "currency", "USD", "payment_method", "tok_visa"));
        assertThat(bought.status()).as(bought.body().toString()).isEqualTo(201);
        return bought.body();
    }

    private CreditPurchases purchases() {
        return purchases;
    }

    private long remaining(String lot) {
        return jdbc.queryForObject("SELECT remaining FROM credit_lots WHERE id = ?", Long.class, lot);
    }

    private String signupLot(String user) {
        return jdbc.queryForObject("SELECT id FROM credit_lots WHERE user_id = ? AND source = 'signup'", String.class, user);
    }

    private long ledgerBalance(String user, CreditKind kind) {
        return accounts.find(AccountOwner.user(user), "credits." + kind.code(), "CREDIT")
                .map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }

    private long systemBalance(AccountOwner owner, String purpose) {
        return accounts.find(owner, purpose, "USD").map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }

    private boolean webhookEventFor(String type, String field, String value) {
        for (JsonNode event : admin().get("/v1/events?type=" + type + "&limit=100").body().path("data")) {
            if (value.equals(event.path("data").path(field).asString())) {
                return true;
            }
        }
        return false;
    }
}
