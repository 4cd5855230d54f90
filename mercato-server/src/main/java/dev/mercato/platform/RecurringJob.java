package dev.mercato.platform;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Work a module wants done again and again. A module registers it by declaring it as a bean:
 *
 * <pre>{@code
 * @Bean
 * RecurringJob releaseEarnings(EarningsRelease release) {
 *     return RecurringJob.every("payouts.release-earnings", Duration.ofMinutes(1), release::releaseDue);
 * }
 * }</pre>
 *
 * <p>A {@link Scope#CLUSTER cluster} job runs once per due time across all instances sharing the
 * database (the platform schedules it in PostgreSQL), is listed under {@code GET /v1/admin/jobs}
 * and has its runs recorded. An {@link Scope#EVERY_INSTANCE every-instance} job is a loop each
 * instance runs on its own; only for work that keeps per-instance state and coordinates itself.
 * A job signals failure by throwing; it runs again at its next due time.
 *
 * @param name     unique, stable name such as {@code payouts.release-earnings} (lower case, digits, {@code .-_})
 * @param interval the pause between the end of one run and the start of the next; null for a cron job
 * @param cron     a six-field cron expression (second minute hour day month weekday) in UTC; null for an interval job
 */
public record RecurringJob(String name, Duration interval, String cron, Scope scope, Runnable work) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    public enum Scope {
        /** Once per due time across every instance sharing the database. */
        CLUSTER,
        /** On each instance, independently. */
        EVERY_INSTANCE
    }

    public RecurringJob {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(work, "work");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a job name is lower case letters, digits and . - _: " + name);
        }
        if ((interval == null) == (cron == null || cron.isBlank())) {
            throw new IllegalArgumentException("job " + name + " needs either an interval or a cron expression");
        }
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("job " + name + " needs a positive interval, not " + interval);
        }
        if (scope == Scope.EVERY_INSTANCE && interval == null) {
            throw new IllegalArgumentException("job " + name + " runs on every instance, so it needs an interval");
        }
    }

    /** Runs once per interval across the cluster; the first run is one interval after the job is first registered. */
    public static RecurringJob every(String name, Duration interval, Runnable work) {
        return new RecurringJob(name, interval, null, Scope.CLUSTER, work);
    }

    /** Runs at the times of a six-field cron expression (UTC), once across the cluster. */
    public static RecurringJob cron(String name, String cron, Runnable work) {
        return new RecurringJob(name, null, cron, Scope.CLUSTER, work);
    }

    /** {@link #every} for an ISO-8601 duration such as {@code PT1M}, {@link #cron} for anything else. */
    public static RecurringJob scheduled(String name, String schedule, Runnable work) {
        String spec = schedule == null ? "" : schedule.trim();
        if (spec.startsWith("P") || spec.startsWith("p")) {
            return every(name, Duration.parse(spec), work);
        }
        return cron(name, spec, work);
    }

    /** Runs on each instance on its own, once per interval; the first run one interval after start. */
    public static RecurringJob onEveryInstance(String name, Duration interval, Runnable work) {
        return new RecurringJob(name, interval, null, Scope.EVERY_INSTANCE, work);
    }

    /** How operators see the schedule: {@code every PT1M} or {@code cron 0 0 3 * * * UTC}. */
    public String describe() {
        return interval != null ? "every " + interval : "cron " + cron + " UTC";
    }
}
