package dev.mercato.platform.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads db-scheduler's current state ({@code scheduled_tasks}, one row per scheduled execution) for
 * operators, with the error of each execution's last failure from the run history. Rows are
 * ordered by name and instance in byte order ({@code COLLATE "C"}), the order Java compares strings
 * in, so they merge with the every-instance jobs this instance lists.
 */
@Repository
class JobStates {

    private final JdbcClient jdbc;

    JobStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(String name, String instance, Instant executionTime, boolean picked, String pickedBy,
            Instant lastHeartbeat, Instant lastSuccess, Instant lastFailure, int consecutiveFailures, String lastError) {
    }

    private static final String SELECT = """
            SELECT t.*, (SELECT r.error FROM job_runs r
                         WHERE r.task_name = t.task_name AND r.task_instance = t.task_instance AND r.outcome = 'failed'
                         ORDER BY r.id DESC LIMIT 1) AS last_error
            FROM scheduled_tasks t""";

    /** Executions after the given one (null: from the start), at most {@code limit}. */
    List<Row> after(String name, String instance, int limit) {
        return jdbc.sql(SELECT + """
                 WHERE CAST(:name AS text) IS NULL
                    OR (t.task_name COLLATE "C", t.task_instance COLLATE "C") > (CAST(:name AS text), CAST(:instance AS text))
                ORDER BY t.task_name COLLATE "C", t.task_instance COLLATE "C" LIMIT :limit""")
                .param("name", name).param("instance", instance).param("limit", limit)
                .query(JobStates::row).list();
    }

    Optional<Row> find(String name, String instance) {
        return jdbc.sql(SELECT + " WHERE t.task_name = :name AND t.task_instance = :instance")
                .param("name", name).param("instance", instance).query(JobStates::row).optional();
    }

    /**
     * Makes a waiting execution due now, keeping its history (db-scheduler's own reschedule clears
     * last success and failure). The version bump makes a poll that read the old row lose its pick.
     *
     * @return false if there is no such execution or it is running
     */
    boolean makeDue(String name, String instance) {
        return jdbc.sql("""
                UPDATE scheduled_tasks SET execution_time = now(), version = version + 1
                WHERE task_name = :name AND task_instance = :instance AND NOT picked""")
                .param("name", name).param("instance", instance).update() == 1;
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("task_name"), rs.getString("task_instance"), instant(rs, "execution_time"),
                rs.getBoolean("picked"), rs.getString("picked_by"), instant(rs, "last_heartbeat"),
                instant(rs, "last_success"), instant(rs, "last_failure"), rs.getInt("consecutive_failures"),
                rs.getString("last_error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
