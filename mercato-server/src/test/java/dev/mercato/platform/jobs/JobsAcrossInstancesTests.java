package dev.mercato.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.Jobs;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.Instances;
import dev.mercato.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two Mercato instances on one database, both polling for due jobs every 100 ms: a recurring job
 * runs once per period across both, a one-time job instance runs once however often and wherever
 * it is scheduled, and a failing job's failures are recorded and shown to operators.
 */
class JobsAcrossInstancesTests {

    static final String ADMIN_KEY = "mk_jobs_admin_key_0123456789abcdefghijk";
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws SQLException {
        String database = TestDatabases.create();
        try (Connection c = TestDatabases.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA test_jobs");
            s.execute("CREATE TABLE test_jobs.count_runs (id BIGSERIAL PRIMARY KEY, instance TEXT NOT NULL, "
                    + "started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ)");
            s.execute("CREATE TABLE test_jobs.once_runs (data TEXT, instance TEXT NOT NULL)");
        }
        String[] args = {"--spring.main.sources=" + TestJobs.class.getName(), "--db-scheduler.polling-interval=PT0.1S",
                "--mercato.bootstrap-admin-key=" + ADMIN_KEY};
        first = Instances.startOn(database, args);
        second = Instances.startOn(database, args);
        jdbc = first.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    record CountRun(String instance, Instant startedAt, Instant finishedAt) {
    }

    @Test
    void aRecurringJobRunsOncePerPeriodAcrossBothInstances() {
        assertThat(Eventually.holds(() -> countRuns().size() >= 12 && countRuns().stream().map(CountRun::instance)
                .distinct().count() == 2)).as("both instances take turns running the job").isTrue();

        List<CountRun> runs = countRuns();
        for (int i = 1; i < runs.size(); i++) {
            CountRun previous = runs.get(i - 1);
            CountRun next = runs.get(i);
            // A run starts only after the previous one ended and its interval passed (a little slack
            // for timestamps taken in PostgreSQL and the JVM); two instances running one period
            // would overlap or come closer.
            assertThat(Duration.between(previous.finishedAt(), next.startedAt()))
                    .as("gap between run %d on %s and run %d on %s", i - 1, previous.instance(), i, next.instance())
                    .isGreaterThanOrEqualTo(TestJobs.COUNT_INTERVAL.minusMillis(50));
        }
    }

    @Test
    void aOneTimeJobScheduledTwiceRunsOnce() {
        Jobs onFirst = first.getBean(Jobs.class);
        Jobs onSecond = second.getBean(Jobs.class);
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());

        // Due a second from now, so the first is surely still waiting when the second arrives.
        assertThat(onFirst.schedule("test.once", "welcome-1", now.plusSeconds(1), "hello")).isTrue();
        assertThat(onSecond.schedule("test.once", "welcome-1", now, "hello again")).as("already scheduled").isFalse();
        for (int i = 0; i < 20; i++) {
            (i % 2 == 0 ? onFirst : onSecond).schedule("test.once", "batch-" + i, now, "batch-" + i);
        }

        assertThat(Eventually.holds(() -> onceRuns() == 21)).isTrue();
        assertThat(jdbc.queryForList("SELECT data FROM test_jobs.once_runs WHERE data LIKE 'hello%'", String.class))
                .containsExactly("hello");
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT data) FROM test_jobs.once_runs", Long.class)).isEqualTo(21);
        // db-scheduler removes an execution just after its work returned, so the row may outlive the run briefly.
        assertThat(Eventually.holds(() -> jdbc.queryForObject(
                "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'test.once'", Long.class) == 0))
                .as("a finished one-time execution is removed").isTrue();
        assertThat(onFirst.schedule("test.once", "welcome-1", now, "later")).as("done, so it may be scheduled anew").isTrue();
        assertThat(Eventually.holds(() -> onceRuns() == 22)).isTrue();
    }

    @Test
    void aFailingJobsFailuresAreRecordedAndShownToOperators() throws Exception {
        Api.Client admin = Instances.api(second).as(ADMIN_KEY);
        assertThat(Eventually.holds(() -> job(admin, "test.fail/recurring").path("consecutive_failures").asInt() >= 2)).isTrue();

        JsonNode failing = job(admin, "test.fail/recurring");
        assertThat(failing.path("scope").asString()).isEqualTo("cluster");
        assertThat(failing.path("schedule").asString()).isEqualTo("every PT0.2S");
        assertThat(failing.path("last_failure_at").isNull()).isFalse();
        assertThat(failing.path("last_success_at").isNull()).isTrue();
        assertThat(failing.path("last_error").asString()).startsWith("IllegalStateException: deliberate failure");

        Api.Response runs = admin.get("/v1/admin/jobs/test.fail/runs?outcome=failed&limit=2");
        assertThat(runs.status()).isEqualTo(200);
        assertThat(runs.body().path("has_more").asBoolean()).isTrue();
        JsonNode run = runs.body().path("data").get(0);
        assertThat(run.path("outcome").asString()).isEqualTo("failed");
        assertThat(run.path("job").asString()).isEqualTo("test.fail");
        assertThat(run.path("error").asString()).startsWith("IllegalStateException: deliberate failure");
        assertThat(run.path("instance").asString()).isIn(instanceName(first), instanceName(second));
        assertThat(admin.get("/v1/admin/jobs/test.fail/runs?outcome=succeeded").body().path("data")).isEmpty();

        String metrics = prometheus(second);
        assertThat(metrics).containsPattern("jobs_run_total\\{outcome=\"failed\",task=\"test.fail\"} [1-9]");
        assertThat(metrics).contains("jobs_run_total{outcome=\"succeeded\",task=\"payments.janitor\"}");
        assertThat(metrics).containsPattern("queue_depth\\{queue=\"jobs\"} \\d");
        assertThat(metrics).containsPattern("queue_depth\\{queue=\"events\"} \\d");
    }

    @Test
    void operatorsSeeEveryJobAndCanRunOneNow() {
        Api.Client admin = Instances.api(first).as(ADMIN_KEY);

        List<JsonNode> jobs = allJobs(admin);
        Set<String> names = new HashSet<>();
        jobs.forEach(job -> names.add(job.path("name").asString()));
        assertThat(names).contains("ledger.expire-holds", "ledger.seal", "payments.janitor", "payouts.release-earnings",
                "payouts.run-schedules", "payouts.reconcile-transfers", "platform.table-statistics",
                "platform.idempotency-cleanup", "platform.backup", "platform.prune-job-runs");
        JsonNode seal = jobs.stream().filter(j -> j.path("name").asString().equals("ledger.seal")).findFirst().orElseThrow();
        assertThat(seal.path("scope").asString()).isEqualTo("every_instance");
        assertThat(seal.path("instance").asString()).isEqualTo(instanceName(first));
        JsonNode backup = job(admin, "platform.backup/recurring");
        assertThat(backup.path("schedule").asString()).isEqualTo("cron 0 0 3 * * * UTC");
        assertThat(Instant.parse(backup.path("next_run_at").asString()).toString()).endsWith("T03:00:00Z");

        Api.Response ran = admin.post("/v1/admin/jobs/payments.janitor/run-now", Map.of());
        assertThat(ran.status()).isEqualTo(202);
        assertThat(Eventually.holds(() -> admin.get("/v1/admin/jobs/payments.janitor/runs").body().path("data").size() == 1))
                .as("the janitor, due in a minute, runs at once").isTrue();
        assertThat(admin.get("/v1/admin/jobs/payments.janitor/runs").body().path("data").get(0).path("outcome").asString())
                .isEqualTo("succeeded");

        assertThat(admin.post("/v1/admin/jobs/no.such.job/run-now", Map.of()).code()).isEqualTo("job_not_found");
        assertThat(Instances.api(first).as("mk_not_an_admin_key_0123456789abcdefgh").get("/v1/admin/jobs").status())
                .isEqualTo(401);
    }

    @Test
    void theJobListPagesByCursor() {
        Api.Client admin = Instances.api(first).as(ADMIN_KEY);
        List<JsonNode> all = allJobs(admin);
        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            Api.Response page = admin.get("/v1/admin/jobs?limit=3" + (after == null ? "" : "&starting_after=" + after));
            page.body().path("data").forEach(job -> paged.add(job.path("id").asString()));
            after = page.body().path("has_more").asBoolean() ? paged.getLast() : null;
        } while (after != null);

        assertThat(paged).doesNotHaveDuplicates();
        assertThat(paged).containsExactlyElementsOf(all.stream().map(job -> job.path("id").asString()).toList());
        assertThat(paged).isSorted();
    }

    @Test
    void historyKeepsFailuresUntilTheyAgeOutButOnlyTheNewestSuccesses() {
        JobRuns history = first.getBean(JobRuns.class);
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        Instant longAgo = now.minus(Duration.ofDays(40));
        for (int i = 0; i < 5; i++) {
            history.record("test.history", "recurring", "here", now, now, null);
        }
        history.record("test.history", "recurring", "here", now, now, "IllegalStateException: recent");
        history.record("test.history", "recurring", "here", longAgo, longAgo, "IllegalStateException: old");
        history.record("test.history", "recurring", "here", longAgo, longAgo, null);

        history.prune(now.minus(Duration.ofDays(30)), 2);

        assertThat(jdbc.queryForList("SELECT coalesce(error, 'ok') FROM job_runs WHERE task_name = 'test.history'", String.class))
                .containsExactlyInAnyOrder("ok", "ok", "IllegalStateException: recent");
    }

    private static List<JsonNode> allJobs(Api.Client admin) {
        Api.Response page = admin.get("/v1/admin/jobs?limit=100");
        assertThat(page.status()).isEqualTo(200);
        return StreamSupport.stream(page.body().path("data").spliterator(), false).toList();
    }

    private static JsonNode job(Api.Client admin, String id) {
        return allJobs(admin).stream().filter(j -> j.path("id").asString().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + id));
    }

    private static List<CountRun> countRuns() {
        return jdbc.query("SELECT instance, started_at, finished_at FROM test_jobs.count_runs WHERE finished_at IS NOT NULL "
                + "ORDER BY started_at", (rs, n) -> new CountRun(rs.getString(1), rs.getTimestamp(2).toInstant(),
                rs.getTimestamp(3).toInstant()));
    }

    private static long onceRuns() {
        return jdbc.queryForObject("SELECT count(*) FROM test_jobs.once_runs", Long.class);
    }

    private static String instanceName(ConfigurableApplicationContext instance) {
        return instance.getBean(InstanceName.class).value();
    }

    private static String prometheus(ConfigurableApplicationContext instance) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(Instances.baseUrl(instance) + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
