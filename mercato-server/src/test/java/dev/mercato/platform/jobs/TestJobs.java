package dev.mercato.platform.jobs;

import dev.mercato.platform.OneTimeJob;
import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Jobs that only the instances of {@link JobsAcrossInstancesTests} register (given as
 * {@code --spring.main.sources}; not a scanned configuration). They write what ran where into the
 * {@code test_jobs} schema, which Flyway does not look at.
 */
class TestJobs {

    static final Duration COUNT_INTERVAL = Duration.ofMillis(300);
    /** Long enough that two instances running the job at once would overlap visibly. */
    static final long COUNT_WORK_MILLIS = 100;

    @Bean
    RecurringJob countingJob(JdbcTemplate jdbc, InstanceName instance) {
        return RecurringJob.every("test.count", COUNT_INTERVAL, () -> {
            long run = jdbc.queryForObject("""
                    INSERT INTO test_jobs.count_runs (instance, started_at) VALUES (?, clock_timestamp()) RETURNING id""",
                    Long.class, instance.value());
            try {
                Thread.sleep(COUNT_WORK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jdbc.update("UPDATE test_jobs.count_runs SET finished_at = clock_timestamp() WHERE id = ?", run);
        });
    }

    @Bean
    OneTimeJob onceJob(JdbcTemplate jdbc, InstanceName instance) {
        return new OneTimeJob("test.once", data ->
                jdbc.update("INSERT INTO test_jobs.once_runs (data, instance) VALUES (?, ?)", data, instance.value()));
    }

    @Bean
    RecurringJob failingJob() {
        AtomicInteger attempts = new AtomicInteger();
        return RecurringJob.every("test.fail", Duration.ofMillis(200), () -> {
            throw new IllegalStateException("deliberate failure " + attempts.incrementAndGet());
        });
    }
}
