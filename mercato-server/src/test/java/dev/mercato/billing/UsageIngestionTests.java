package dev.mercato.billing;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Reported usage against real PostgreSQL: counted once per event id however often a batch is sent
 * (also concurrently), in the period of each event's timestamp, into the counters consume and the
 * entitlement check read; late, future and malformed events refused with clear reasons.
 */
class UsageIngestionTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    String userId;
    Api.Client user;

    @BeforeEach
    void setUp() {
        HttpFixtures fixtures = new HttpFixtures(api, admin());
        userId = fixtures.user();
        user = api.as(fixtures.keyFor(userId));
    }

    @Test
    void aResentBatchIsAcceptedWithoutCountingTwice() {
        Instant now = clock.instant();
        Map<String, Object> batch = Map.of("events", List.of(
                event("e-1", "api_calls", 3, now.minusSeconds(60)),
                event("e-2", "api_calls", 4, now.minusSeconds(30)),
                event("e-3", "ai_verifications", 2, now)));
        Api.Response first = user.post("/v1/usage", batch);
        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        assertThat(first.number("accepted")).isEqualTo(3);
        assertThat(first.number("duplicates")).isZero();

        Api.Response again = user.post("/v1/usage", batch);
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(again.number("accepted")).isZero();
        assertThat(again.number("duplicates")).isEqualTo(3);
        assertThat(again.body().path("not_counted").get(0).path("status").asString()).isEqualTo("duplicate");

        assertThat(used("api_calls")).isEqualTo(7);
        assertThat(used("ai_verifications")).isEqualTo(2);
        Api.Response check = user.post("/v1/entitlements/check", Map.of("feature", "api_calls"));
        assertThat(check.number("used")).isEqualTo(7);
        assertThat(check.number("remaining")).isEqualTo(993);
        Api.Response consumed = user.post("/v1/usage/consume", Map.of("feature", "api_calls"));
        assertThat(consumed.number("used")).as("consume adds to the same counter").isEqualTo(8);
    }

    @Test
    void aSingleEventAndRepeatedIdsWithinABatch() {
        Instant now = clock.instant();
        Api.Response single = user.post("/v1/usage", event("one", "api_calls", 5, now));
        assertThat(single.status()).as(single.body().toString()).isEqualTo(200);
        assertThat(single.number("accepted")).isEqualTo(1);

        Api.Response repeated = user.post("/v1/usage", Map.of("events", List.of(event("two", "api_calls", 1, now),
                event("two", "api_calls", 1, now), event("one", "api_calls", 5, now))));
        assertThat(repeated.number("accepted")).isEqualTo(1);
        assertThat(repeated.number("duplicates")).isEqualTo(2);
        assertThat(used("api_calls")).isEqualTo(6);
    }

    @Test
    void lateEventsWithinTheWindowCountInTheirOwnPeriodOlderAndFutureOnesAreRefused() {
        Instant now = clock.instant();
        Instant late = now.minus(Duration.ofHours(47));
        Instant tooLate = now.minus(Duration.ofHours(49));
        Instant future = now.plus(Duration.ofHours(1));
        Api.Response response = user.post("/v1/usage", Map.of("events", List.of(event("late", "workflow_runs", 2, late),
                event("too-late", "workflow_runs", 1, tooLate), event("future", "workflow_runs", 1, future),
                event("now", "workflow_runs", 1, now))));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(response.number("accepted")).isEqualTo(2);
        assertThat(response.number("refused")).isEqualTo(2);
        Map<String, String> reasons = new HashMap<>();
        for (JsonNode n : response.body().path("not_counted")) {
            assertThat(n.path("status").asString()).isEqualTo("refused");
            reasons.put(n.path("id").asString(), n.path("reason").asString());
        }
        assertThat(reasons.get("too-late")).startsWith("too_late");
        assertThat(reasons.get("future")).startsWith("in_future");

        Feature daily = Feature.quota(1L, "day");
        assertThat(counter("workflow_runs", daily.periodStart(late))).isEqualTo(2);
        assertThat(counter("workflow_runs", daily.periodStart(now))).as("the late event is not in today's period")
                .isEqualTo(daily.periodStart(late).equals(daily.periodStart(now)) ? 3 : 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_usage_events WHERE user_id = ?", Long.class, userId))
                .isEqualTo(2);
    }

    @Test
    void reportedUsageIsCountedPastTheQuotaAndTheCheckThenRefuses() {
        Api.Response response = user.post("/v1/usage", event("big", "workflow_runs", 5, clock.instant()));
        assertThat(response.number("accepted")).isEqualTo(1);
        Api.Response check = user.post("/v1/entitlements/check", Map.of("feature", "workflow_runs"));
        assertThat(check.body().path("allowed").asBoolean()).isFalse();
        assertThat(check.number("used")).isEqualTo(5);
        assertThat(check.number("remaining")).isZero();
        assertProblem(user.post("/v1/usage/consume", Map.of("feature", "workflow_runs")), 402, "quota_exceeded");
    }

    @Test
    void malformedInputRefusesTheWholeBatchAndCountsNothing() {
        Instant now = clock.instant();
        Map<String, Object> good = event("ok", "api_calls", 1, now);
        assertProblem(user.post("/v1/usage", Map.of("events", List.of(good, event("neg", "api_calls", -1, now)))), 400,
                "invalid_quantity");
        assertProblem(user.post("/v1/usage", Map.of("events", List.of(good, event("huge", "api_calls", 10_000_000_000L,
                now)))), 400, "invalid_quantity");
        assertProblem(user.post("/v1/usage", Map.of("events", List.of(good, event("x", "nothing_like_it", 1, now)))), 404,
                "unknown_feature");
        assertProblem(user.post("/v1/usage", Map.of("events", List.of(good, event("x", "sso", 1, now)))), 400,
                "not_metered");
        assertProblem(user.post("/v1/usage", Map.of("events", List.of(good, Map.of("feature", "api_calls",
                "timestamp", now.toString())))), 400, "invalid_event_id");
        assertProblem(user.post("/v1/usage", Map.of("events", List.of(good, Map.of("id", "t", "feature", "api_calls")))),
                400, "invalid_timestamp");
        assertProblem(user.post("/v1/usage", Map.of("events", List.of())), 400, "invalid_events");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(event("m-" + i, "api_calls", 1, now));
        }
        Api.Response large = user.post("/v1/usage", Map.of("events", tooMany));
        assertProblem(large, 400, "batch_too_large");
        assertThat(large.number("max_batch")).isEqualTo(1000);
        assertThat(used("api_calls")).as("nothing of a refused batch was counted").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_usage_events WHERE user_id = ?", Long.class, userId))
                .isZero();
    }

    @Test
    void theSameBatchOfAThousandSentFourTimesAtOnceCountsOnce() throws Exception {
        Instant now = clock.instant();
        List<Map<String, Object>> events = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            String feature = i % 2 == 0 ? "api_calls" : "ai_verifications";
            events.add(event("evt-" + i, feature, 1 + i % 3, now.minusSeconds(i)));
            total += 1 + i % 3;
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> user.post("/v1/usage", Map.of("events", events)), pool));
            }
            long accepted = 0;
            for (CompletableFuture<Api.Response> call : calls) {
                Api.Response response = call.join();
                assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
                assertThat(response.number("accepted") + response.number("duplicates")).isEqualTo(1000);
                accepted += response.number("accepted");
            }
            assertThat(accepted).isEqualTo(1000);
        } finally {
            pool.shutdown();
        }
        Long counted = jdbc.queryForObject("SELECT sum(used) FROM billing_usage WHERE user_id = ?", Long.class, userId);
        assertThat(counted).isEqualTo(total);
    }

    private static Map<String, Object> event(String id, String feature, long quantity, Instant at) {
        return Map.of("id", id, "feature", feature, "quantity", quantity, "timestamp", at.toString());
    }

    private long used(String feature) {
        for (JsonNode quota : user.get("/v1/billing/usage").body().path("data")) {
            if (quota.path("feature").asString().equals(feature)) {
                return quota.path("used").asLong();
            }
        }
        throw new AssertionError("no quota " + feature);
    }

    private Long counter(String feature, Instant periodStart) {
        return jdbc.queryForObject("SELECT coalesce(sum(used), 0) FROM billing_usage WHERE user_id = ? AND feature = ?"
                + " AND period_start = ?", Long.class, userId, feature, java.sql.Timestamp.from(periodStart));
    }
}
