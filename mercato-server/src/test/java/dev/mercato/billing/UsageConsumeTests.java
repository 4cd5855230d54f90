package dev.mercato.billing;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Metered quotas are consumed atomically: never more than the quota, however many callers race. */
class UsageConsumeTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    java.time.Clock clock;

    HttpFixtures fixtures;
    String userId;
    Api.Client user;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        userId = fixtures.user();
        user = api.as(fixtures.keyFor(userId));
    }

    @Test
    void freeAllowsOneRunADayThenRefusesWithAnUpgradeHint() {
        Api.Response first = user.post("/v1/usage/consume", Map.of("feature", "workflow_runs"));
        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        assertThat(first.number("used")).isEqualTo(1);
        assertThat(first.number("remaining")).isZero();

        Api.Response second = user.post("/v1/usage/consume", Map.of("feature", "workflow_runs"));
        assertProblem(second, 402, "quota_exceeded");
        assertThat(second.text("upgrade_plan_id")).isEqualTo("plan_pro");
        assertThat(second.number("upgrade_limit")).isEqualTo(100);
        assertThat(second.number("limit")).isEqualTo(1);
        assertThat(second.text("detail")).contains("Upgrade to Pro");
        assertThat(second.text("resets_at")).isNotBlank();
        assertThat(user.post("/v1/entitlements/check", Map.of("feature", "workflow_runs")).body().path("allowed").asBoolean())
                .isFalse();

        tools.jackson.databind.JsonNode usage = user.get("/v1/billing/usage").body().path("data");
        assertThat(usage.size()).isEqualTo(3);
        for (tools.jackson.databind.JsonNode quota : usage) {
            assertThat(quota.path("type").asString()).isEqualTo("quota");
            if (quota.path("feature").asString().equals("workflow_runs")) {
                assertThat(quota.path("used").asLong()).isEqualTo(1);
                assertThat(quota.path("remaining").asLong()).isZero();
            }
        }
        tools.jackson.databind.JsonNode limits = user.get("/v1/billing/limits").body().path("data");
        assertThat(limits.size()).isEqualTo(9);
    }

    @Test
    void aHundredParallelConsumersAgainstAQuotaOfTenSucceedExactlyTenTimes() throws Exception {
        assertThat(admin().put("/v1/users/" + userId + "/entitlement-overrides/workflow_runs",
                Map.of("type", "quota", "limit", 10, "period", "day")).status()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> user.post("/v1/usage/consume",
                        Map.of("feature", "workflow_runs")), pool));
            }
            List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(Api.Response::status).toList();
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(10);
            assertThat(statuses.stream().filter(s -> s == 402).count()).isEqualTo(90);
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("SELECT sum(used) FROM billing_usage WHERE user_id = ? AND feature = 'workflow_runs'",
                Long.class, userId)).isEqualTo(10);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit_events WHERE resource_type = 'usage' AND resource_id = ? AND status = 200""",
                Long.class, userId + "/workflow_runs")).as("one event per counted consume").isEqualTo(10);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit_events a JOIN billing_usage u ON a.xmin::text = u.xmin::text
                WHERE a.resource_id = ? AND u.user_id = ? AND u.feature = 'workflow_runs'""",
                Long.class, userId + "/workflow_runs", userId)).as("the last consume's event committed with the counter")
                .isPositive();
    }

    @Test
    void parallelRetriesOfOneConsumeIdCountItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> user.post("/v1/usage/consume",
                        Map.of("feature", "api_calls", "id", "run-42")), pool));
            }
            List<Api.Response> answers = calls.stream().map(CompletableFuture::join).toList();
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body().toString()).isEqualTo(200));
            assertThat(answers.stream().filter(a -> !a.body().path("replayed").asBoolean()).count()).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("SELECT sum(used) FROM billing_usage WHERE user_id = ? AND feature = 'api_calls'",
                Long.class, userId)).isEqualTo(1);
    }

    @Test
    void aCheckAnswersFromTheCounterCacheYetSeesEveryConsumeAndEveryIngestedEvent() {
        Map<String, String> check = Map.of("feature", "api_calls");
        assertThat(user.post("/v1/entitlements/check", check).number("used")).isZero();
        double hits = usageCacheHits();
        assertThat(user.post("/v1/entitlements/check", check).number("used")).isZero();
        assertThat(usageCacheHits()).as("the second check reads the cached counter").isEqualTo(hits + 1);

        assertThat(user.post("/v1/usage/consume", Map.of("feature", "api_calls", "quantity", 3)).status()).isEqualTo(200);
        assertThat(user.post("/v1/entitlements/check", check).number("used")).isEqualTo(3);
        assertThat(user.post("/v1/usage", Map.of("id", "evt-1", "feature", "api_calls", "quantity", 4,
                "timestamp", clock.instant().toString())).status())
                .isEqualTo(200);
        assertThat(user.post("/v1/entitlements/check", check).number("used")).isEqualTo(7);
    }

    private double usageCacheHits() {
        var counter = meters.find("cache.gets").tag("cache", "billing.usage").tag("result", "hit").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void badConsumptionIsRefused() {
        assertProblem(user.post("/v1/usage/consume", Map.of("feature", "sso")), 400, "not_metered");
        assertProblem(user.post("/v1/usage/consume", Map.of("feature", "workflow_runs", "quantity", 0)), 400, "invalid_quantity");
        assertProblem(user.post("/v1/usage/consume", Map.of("feature", "workflow_runs", "quantity", -5)), 400, "invalid_quantity");
        assertProblem(user.post("/v1/usage/consume", Map.of("feature", "workflow_runs", "quantity", 10_000_000_000L)), 400,
                "invalid_quantity");
        assertProblem(user.post("/v1/usage/consume", Map.of("feature", "nothing_like_it")), 404, "unknown_feature");
        assertProblem(user.post("/v1/usage/consume", Map.of("feature", "workflow_runs", "quantity", 2)), 402, "quota_exceeded");
        assertThat(user.post("/v1/entitlements/check", Map.of("feature", "workflow_runs")).number("used"))
                .as("a refusal consumes nothing").isZero();
    }

    @Test
    void aDowngradeBelowWhatWasUsedThisPeriodIsRefused() {
        String sub = BillingFixtures.started(user, "plan_pro", false);
        Api.Response consumed = user.post("/v1/usage/consume", Map.of("feature", "workflow_runs", "quantity", 5));
        assertThat(consumed.number("remaining")).isEqualTo(95);
        Api.Response down = BillingFixtures.change(user, sub, "plan_free");
        assertProblem(down, 409, "usage_exceeds_plan");
        assertThat(down.text("feature")).isEqualTo("workflow_runs");
        assertThat(user.get("/v1/subscriptions/" + sub).text("plan_id")).isEqualTo("plan_pro");
    }
}
