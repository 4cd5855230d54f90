package dev.mercato.platform;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test clock moves Mercato's time forward so scheduled behaviour happens now. It is shared by
 * every integration test, so these tests compare against the clock's own readings, never real time.
 */
class TestClockTests extends IntegrationTest {

    HttpFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new HttpFixtures(api, admin());
    }

    @Test
    void advancingMovesTheClockForwardByThatMuch() {
        Api.Response before = admin().get("/v1/test-clock");

        Api.Response advanced = admin().post("/v1/test-clock/advance", Map.of("seconds", 3_600));

        assertThat(advanced.status()).as(advanced.body().toString()).isEqualTo(200);
        assertThat(advanced.number("offset_seconds")).isEqualTo(before.number("offset_seconds") + 3_600);
        Instant now = instant(admin().get("/v1/test-clock"));
        assertThat(now).isAfterOrEqualTo(instant(before).plusSeconds(3_600))
                .isBefore(instant(before).plusSeconds(3_600).plus(Duration.ofMinutes(1)));
        assertThat(now).isAfterOrEqualTo(instant(advanced));
    }

    @Test
    void refusesToMoveTheClockBackwardsOrByNothing() {
        long offset = admin().get("/v1/test-clock").number("offset_seconds");

        assertProblem(admin().post("/v1/test-clock/advance", Map.of("seconds", -60)), 400, "invalid_duration");
        assertProblem(admin().post("/v1/test-clock/advance", Map.of("seconds", 0)), 400, "invalid_duration");
        assertProblem(admin().post("/v1/test-clock/advance", Map.of()), 400, "invalid_duration");

        assertThat(admin().get("/v1/test-clock").number("offset_seconds")).isEqualTo(offset);
    }

    @Test
    void onlyAnAdminMayReadOrMoveTheClock() {
        long offset = admin().get("/v1/test-clock").number("offset_seconds");
        Api.Client user = fixtures.newUserClient();

        assertProblem(user.post("/v1/test-clock/advance", Map.of("seconds", 60)), 403, "forbidden");
        assertProblem(user.get("/v1/test-clock"), 403, "forbidden");
        assertProblem(api.anonymous().post("/v1/test-clock/advance", Map.of("seconds", 60)), 401, "authentication_required");

        assertThat(admin().get("/v1/test-clock").number("offset_seconds")).isEqualTo(offset);
    }

    @Test
    void aHoldExpiresOnceItsTimeHasComeAndIsResolvedAtItsExpiry() throws InterruptedException {
        Api.Client user = fixtures.newUserClient();
        String buyer = fixtures.account(user, "wallet", "USD");
        String seller = fixtures.account(user, "escrow", "USD");
        fixtures.fund(buyer, 1_000, "USD");
        Api.Response hold = user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 700, "expires_in_seconds", 60));
        assertThat(hold.status()).as(hold.body().toString()).isEqualTo(201);
        assertThat(fixtures.balance(buyer).path("available").asLong()).isEqualTo(300);

        admin().post("/v1/test-clock/advance", Map.of("seconds", 61));

        Api.Response expired = awaitStatus(user, hold.id(), "expired", Duration.ofSeconds(5));
        assertThat(expired.text("resolved_at")).isEqualTo(expired.text("expires_at"));
        assertThat(Instant.parse(expired.text("expires_at")))
                .isEqualTo(Instant.parse(hold.text("created_at")).plusSeconds(60));
        assertThat(fixtures.balance(buyer).path("available").asLong()).isEqualTo(1_000);
        assertThat(fixtures.balance(buyer).path("pending_debits").asLong()).isZero();
        assertThat(fixtures.balance(seller).path("pending_credits").asLong()).isZero();

        assertProblem(user.post("/v1/ledger/holds/" + hold.id() + "/capture", Map.of()), 422, "hold_expired");
        assertProblem(user.post("/v1/ledger/holds/" + hold.id() + "/void", Map.of()), 422, "hold_expired");
        assertThat(fixtures.posted(seller)).isZero();
        assertThat(user.get("/v1/ledger/holds/" + hold.id()).body()).isEqualTo(expired.body());
    }

    @Test
    void aCaptureAfterTheExpiryTimeIsRefusedEvenBeforeTheExpiryJobRuns() {
        Api.Client user = fixtures.newUserClient();
        String buyer = fixtures.account(user, "wallet", "USD");
        String seller = fixtures.account(user, "escrow", "USD");
        fixtures.fund(buyer, 1_000, "USD");
        Api.Response hold = user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 700, "expires_in_seconds", 60));

        admin().post("/v1/test-clock/advance", Map.of("seconds", 61));

        assertProblem(user.post("/v1/ledger/holds/" + hold.id() + "/capture", Map.of()), 422, "hold_expired");
        Api.Response after = user.get("/v1/ledger/holds/" + hold.id());
        assertThat(after.text("status")).isEqualTo("expired");
        assertThat(after.text("resolved_at")).isEqualTo(after.text("expires_at"));
        assertThat(fixtures.posted(seller)).isZero();
        assertThat(fixtures.balance(buyer).path("available").asLong()).isEqualTo(1_000);
    }

    @Test
    void aHoldIsNotExpiredBeforeItsTime() throws InterruptedException {
        Api.Client user = fixtures.newUserClient();
        String buyer = fixtures.account(user, "wallet", "USD");
        String seller = fixtures.account(user, "escrow", "USD");
        fixtures.fund(buyer, 1_000, "USD");
        Api.Response hold = user.post("/v1/ledger/holds", Map.of("debit_account_id", buyer, "credit_account_id", seller,
                "amount", 700, "expires_in_seconds", 600));

        admin().post("/v1/test-clock/advance", Map.of("seconds", 60));
        Thread.sleep(1_500);

        assertThat(user.get("/v1/ledger/holds/" + hold.id()).text("status")).isEqualTo("pending");
        Api.Response capture = user.post("/v1/ledger/holds/" + hold.id() + "/capture", Map.of());
        assertThat(capture.status()).as(capture.body().toString()).isEqualTo(200);
        assertThat(fixtures.posted(seller)).isEqualTo(700);
    }

    private static Api.Response awaitStatus(Api.Client client, String holdId, String status, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Api.Response hold = client.get("/v1/ledger/holds/" + holdId);
        while (!hold.text("status").equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            hold = client.get("/v1/ledger/holds/" + holdId);
        }
        assertThat(hold.text("status")).as("hold %s after %s", holdId, timeout).isEqualTo(status);
        return hold;
    }

    private static Instant instant(Api.Response clock) {
        return Instant.parse(clock.text("now"));
    }
}
