package dev.mercato.platform.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Work waiting in PostgreSQL, read when Prometheus scrapes: {@code queue_depth{queue="jobs"}}
 * counts job executions that are due but not picked by any instance yet, {@code queue="events"}
 * the event publications (the outbox) whose listeners have not completed. Both stay near zero
 * when the instances keep up.
 */
@Component
class QueueDepth {

    private final JdbcTemplate jdbc;

    QueueDepth(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("queue.depth", this, QueueDepth::dueJobs).tag("queue", "jobs")
                .description("due job executions no instance has picked yet").register(meters);
        Gauge.builder("queue.depth", this, QueueDepth::pendingEvents).tag("queue", "events")
                .description("event publications whose listeners have not completed").register(meters);
    }

    double dueJobs() {
        return count("SELECT count(*) FROM scheduled_tasks WHERE NOT picked AND execution_time <= now()");
    }

    double pendingEvents() {
        return count("SELECT count(*) FROM event_publication WHERE completion_date IS NULL");
    }

    /** A scrape must not fail because the database does not answer; NaN says "unknown". */
    private double count(String sql) {
        try {
            Long n = jdbc.queryForObject(sql, Long.class);
            return n == null ? Double.NaN : n;
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }
}
