package dev.mercato.platform.jobs;

import dev.mercato.platform.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The run history of cluster jobs ({@code job_runs}): one row per finished run. */
@Repository
class JobRuns {

    private static final int MAX_ERROR = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;

    JobRuns(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One finished run; {@code error} is null for a success. */
    record Run(String id, String taskName, String taskInstance, String instance, Instant startedAt, Instant finishedAt,
            String outcome, String error) {

        long durationMillis() {
            return Duration.between(startedAt, finishedAt).toMillis();
        }
    }

    void record(String taskName, String taskInstance, String instance, Instant startedAt, Instant finishedAt,
            String error) {
        jdbc.sql("""
                INSERT INTO job_runs (id, task_name, task_instance, instance, started_at, finished_at, outcome, error)
                VALUES (:id, :task, :taskInstance, :instance, :started, :finished, :outcome, :error)""")
                .param("id", Ids.next("jrun", clock)).param("task", taskName).param("taskInstance", taskInstance)
                .param("instance", instance).param("started", Timestamp.from(startedAt))
                .param("finished", Timestamp.from(finishedAt))
                .param("outcome", error == null ? JobMetrics.SUCCEEDED : JobMetrics.FAILED)
                .param("error", error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR))
                .update();
    }

    /** Newest first; {@code outcome} null for all; {@code limit + 1} rows so the caller can tell whether more exist. */
    List<Run> page(String taskName, String outcome, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM job_runs WHERE task_name = :task
                  AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
                  AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("task", taskName).param("outcome", outcome).param("after", startingAfter).param("limit", limit + 1)
                .query(JobRuns::run).list();
    }

    /** Deletes runs finished before {@code cutoff}, and successful runs beyond the newest {@code keepSucceeded} of each job. */
    int prune(Instant cutoff, int keepSucceeded) {
        int old = jdbc.sql("DELETE FROM job_runs WHERE finished_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
        int surplus = jdbc.sql("""
                DELETE FROM job_runs WHERE id IN (
                  SELECT id FROM (
                    SELECT id, row_number() OVER (PARTITION BY task_name ORDER BY id DESC) AS n
                    FROM job_runs WHERE outcome = 'succeeded') ranked
                  WHERE n > :keep)""")
                .param("keep", keepSucceeded).update();
        return old + surplus;
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getString("id"), rs.getString("task_name"), rs.getString("task_instance"),
                rs.getString("instance"), rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at").toInstant(), rs.getString("outcome"), rs.getString("error"));
    }
}
