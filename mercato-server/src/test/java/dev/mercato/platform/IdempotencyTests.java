package dev.mercato.platform;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static dev.mercato.testing.HttpFixtures.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Idempotency-Key on POST: a retry replays the first response and never executes twice, across
 * concurrent requests and for at least 24 hours. Some tests advance the shared test clock by a day.
 */
class IdempotencyTests extends IntegrationTest {

    private static final int CONCURRENT = 8;

    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new HttpFixtures(api, admin());
    }

    @Test
    void aRetryWithTheSameKeyAndBodyReplaysTheFirstResponseAndExecutesOnce() {
        String name = uniqueName();
        Api.Client client = admin().idempotencyKey(key());

        Api.Response first = client.post("/v1/users", Map.of("name", name));
        Api.Response retry = client.post("/v1/users", Map.of("name", name));

        assertThat(first.status()).isEqualTo(201);
        assertThat(replayed(first)).isFalse();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(replayed(retry)).isTrue();
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.raw().headers().firstValue("Content-Type")).isEqualTo(first.raw().headers().firstValue("Content-Type"));
        assertThat(usersNamed(name)).isEqualTo(1);
    }

    @Test
    void aRetryReplaysAnErrorResponseToo() {
        Api.Client client = admin().idempotencyKey(key());

        Api.Response first = client.post("/v1/users", Map.of("email", "not an email"));
        Api.Response retry = client.post("/v1/users", Map.of("email", "not an email"));

        assertProblem(first, 400, "invalid_email");
        assertProblem(retry, 400, "invalid_email");
        assertThat(replayed(retry)).isTrue();
    }

    @Test
    void theSameKeyWithADifferentBodyOrPathIsRefused() {
        String name = uniqueName();
        Api.Client client = admin().idempotencyKey(key());
        assertThat(client.post("/v1/users", Map.of("name", name)).status()).isEqualTo(201);

        assertProblem(client.post("/v1/users", Map.of("name", name + " changed")), 422, "idempotency_key_reused");
        assertProblem(client.post("/v1/users", Map.of("name", name, "metadata", Map.of("a", "b"))), 422,
                "idempotency_key_reused");
        assertProblem(client.post("/v1/api-keys", Map.of("name", name)), 422, "idempotency_key_reused");

        assertThat(usersNamed(name)).isEqualTo(1);
        assertThat(usersNamed(name + " changed")).isZero();
    }

    @Test
    void refusesAMalformedKey() {
        String name = uniqueName();

        assertProblem(admin().idempotencyKey("x".repeat(256)).post("/v1/users", Map.of("name", name)), 400,
                "invalid_idempotency_key");
        assertProblem(admin().idempotencyKey("has space").post("/v1/users", Map.of("name", name)), 400,
                "invalid_idempotency_key");

        assertThat(usersNamed(name)).isZero();
    }

    @Test
    void theSameKeyUsedWithTwoDifferentApiKeysDoesNotCollide() {
        String shared = key();
        String secondAdminId = admin().post("/v1/users", Map.of("name", uniqueName(), "role", "admin")).id();
        Api.Client secondAdmin = api.as(fixtures.keyFor(secondAdminId));
        String otherKeyOfTheFirstAdmin = admin().post("/v1/api-keys", Map.of("name", "second")).text("secret");
        String first = uniqueName();
        String second = uniqueName();
        String third = uniqueName();

        Api.Response a = admin().idempotencyKey(shared).post("/v1/users", Map.of("name", first));
        Api.Response b = secondAdmin.idempotencyKey(shared).post("/v1/users", Map.of("name", second));
        Api.Response c = api.as(otherKeyOfTheFirstAdmin).idempotencyKey(shared).post("/v1/users", Map.of("name", third));

        assertThat(List.of(a, b, c)).allSatisfy(r -> {
            assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
            assertThat(replayed(r)).isFalse();
        });
        assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates();
        assertThat(usersNamed(first) + usersNamed(second) + usersNamed(third)).isEqualTo(3);
    }

    @Test
    void twoUsersUsingTheSameKeyEachGetTheirOwnResult() {
        String shared = key();
        String aliceId = fixtures.user();
        String bobId = fixtures.user();

        Api.Response alice = api.as(fixtures.keyFor(aliceId)).idempotencyKey(shared)
                .post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "USD"));
        Api.Response bob = api.as(fixtures.keyFor(bobId)).idempotencyKey(shared)
                .post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "USD"));

        assertThat(alice.status()).isEqualTo(201);
        assertThat(bob.status()).isEqualTo(201);
        assertThat(alice.text("owner_id")).isEqualTo(aliceId);
        assertThat(bob.text("owner_id")).isEqualTo(bobId);
        assertThat(replayed(bob)).isFalse();
    }

    /**
     * Finding: HTTP replay is scoped to the API key, but the ledger namespaces keys per user. So a
     * second key of the same user retrying a transfer gets the original transaction back (not
     * marked as a replay), and cannot reuse the key for a different transfer: no double spend.
     */
    @Test
    void aSecondKeyOfTheSameUserCannotPostATransferTwiceUnderOneKey() {
        String userId = fixtures.user();
        Api.Client first = api.as(fixtures.keyFor(userId));
        Api.Client second = api.as(fixtures.keyFor(userId));
        String wallet = fixtures.account(first, "wallet", "USD");
        String savings = fixtures.account(first, "savings", "USD");
        fixtures.fund(wallet, 1_000, "USD");
        String shared = key();

        Api.Response original = first.idempotencyKey(shared).post("/v1/ledger/transactions",
                transfer("transfer", wallet, savings, 100));
        Api.Response sameTransfer = second.idempotencyKey(shared).post("/v1/ledger/transactions",
                transfer("transfer", wallet, savings, 100));
        Api.Response otherTransfer = second.idempotencyKey(shared).post("/v1/ledger/transactions",
                transfer("transfer", wallet, savings, 300));

        assertThat(original.status()).isEqualTo(201);
        assertThat(sameTransfer.status()).isEqualTo(201);
        assertThat(sameTransfer.id()).isEqualTo(original.id());
        assertProblem(otherTransfer, 422, "idempotency_key_reused");
        assertThat(fixtures.posted(savings)).isEqualTo(100);
    }

    @Test
    void concurrentTransfersWithOneKeyExecuteExactlyOnce() throws Exception {
        Api.Client user = fixtures.newUserClient();
        String wallet = fixtures.account(user, "wallet", "USD");
        String savings = fixtures.account(user, "savings", "USD");
        fixtures.fund(wallet, 10_000, "USD");
        Api.Client client = user.idempotencyKey(key());

        List<Api.Response> responses = race(() -> client.post("/v1/ledger/transactions",
                transfer("transfer", wallet, savings, 700)));

        assertExecutedOnce(responses, 201);
        assertThat(fixtures.posted(savings)).isEqualTo(700);
        assertThat(fixtures.posted(wallet)).isEqualTo(9_300);
        assertThat(fixtures.statementLines(savings)).isEqualTo(1);
    }

    @Test
    void concurrentUserCreationsWithOneKeyCreateExactlyOneUser() throws Exception {
        String name = uniqueName();
        Api.Client client = admin().idempotencyKey(key());

        List<Api.Response> responses = race(() -> client.post("/v1/users", Map.of("name", name)));

        assertExecutedOnce(responses, 201);
        assertThat(usersNamed(name)).isEqualTo(1);
    }

    /**
     * A key is kept for 24 hours (mercato.idempotency-key-ttl). Finding: after that the key is
     * free again, and a retry executes as a new request — here it creates a second user.
     */
    @Test
    void aKeyIsReplayedForAtLeastADayAndMayBeReusedAfterwards() {
        String name = uniqueName();
        Api.Client client = admin().idempotencyKey(key());
        Api.Response first = client.post("/v1/users", Map.of("name", name));

        advanceHours(23);
        Api.Response nextDay = client.post("/v1/users", Map.of("name", name));
        assertProblem(client.post("/v1/users", Map.of("name", name + " changed")), 422, "idempotency_key_reused");

        advanceHours(2);
        Api.Response afterExpiry = client.post("/v1/users", Map.of("name", name));

        assertThat(replayed(nextDay)).isTrue();
        assertThat(nextDay.id()).isEqualTo(first.id());
        assertThat(afterExpiry.status()).isEqualTo(201);
        assertThat(replayed(afterExpiry)).isFalse();
        assertThat(afterExpiry.id()).isNotEqualTo(first.id());
        assertThat(usersNamed(name)).isEqualTo(2);
        assertThat(client.post("/v1/users", Map.of("name", name)).id()).isEqualTo(afterExpiry.id());
    }

    @Test
    void anExpiredKeyMayCarryADifferentRequest() {
        Api.Client client = admin().idempotencyKey(key());
        assertThat(client.post("/v1/users", Map.of("name", uniqueName())).status()).isEqualTo(201);

        advanceHours(25);
        String name = uniqueName();
        Api.Response reused = client.post("/v1/users", Map.of("name", name));

        assertThat(reused.status()).as(reused.body().toString()).isEqualTo(201);
        assertThat(usersNamed(name)).isEqualTo(1);
    }

    /**
     * Finding: ledger keys never expire, so a ledger POST stays safe beyond the HTTP window: the
     * same transfer after 25 hours returns the original transaction (without the replay header),
     * and a different transfer under the key is still refused.
     */
    @Test
    void aLedgerTransferIsNeverRepeatedEvenAfterTheHttpKeyExpired() {
        Api.Client user = fixtures.newUserClient();
        String wallet = fixtures.account(user, "wallet", "USD");
        String savings = fixtures.account(user, "savings", "USD");
        fixtures.fund(wallet, 1_000, "USD");
        Api.Client client = user.idempotencyKey(key());
        Api.Response original = client.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 100));

        advanceHours(25);
        Api.Response retry = client.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 100));
        Api.Response different = client.post("/v1/ledger/transactions", transfer("transfer", wallet, savings, 200));

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.id()).isEqualTo(original.id());
        assertThat(replayed(retry)).isFalse();
        assertProblem(different, 422, "idempotency_key_reused");
        assertThat(fixtures.posted(savings)).isEqualTo(100);
    }

    // ---- helpers ----

    /** Starts {@value #CONCURRENT} copies of the request at once and collects every response. */
    private static List<Api.Response> race(Supplier<Api.Response> request) throws Exception {
        CountDownLatch ready = new CountDownLatch(CONCURRENT);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Api.Response>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT)) {
            for (int i = 0; i < CONCURRENT; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return request.get();
                }, threads));
            }
            ready.await();
            go.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (CompletableFuture<Api.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }

    /** One response did the work; every other one replayed it or was told the request is in progress. */
    private static void assertExecutedOnce(List<Api.Response> responses, int status) {
        List<Api.Response> executed = responses.stream().filter(r -> !replayed(r) && r.status() == status).toList();
        assertThat(executed).as(responses.stream().map(r -> r.status() + " " + r.body()).toList().toString()).hasSize(1);
        String id = executed.getFirst().id();
        for (Api.Response response : responses) {
            if (response.status() == 409) {
                assertProblem(response, 409, "idempotency_request_in_progress");
            } else {
                assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
                assertThat(response.id()).isEqualTo(id);
                assertThat(response == executed.getFirst() || replayed(response)).isTrue();
            }
        }
    }

    private static boolean replayed(Api.Response response) {
        Optional<String> header = response.raw().headers().firstValue("Idempotent-Replayed");
        return header.isPresent() && header.get().equals("true");
    }

    private void advanceHours(int hours) {
        Api.Response advanced = admin().post("/v1/test-clock/advance", Map.of("seconds", hours * 3_600));
        assertThat(advanced.status()).as(advanced.body().toString()).isEqualTo(200);
    }

    private long usersNamed(String name) {
        return jdbc.queryForObject("SELECT count(*) FROM users WHERE name = ?", Long.class, name);
    }

    private static String key() {
        return "idem-" + UUID.randomUUID();
    }

    private static String uniqueName() {
        return "Idempotency test " + UUID.randomUUID();
    }
}
