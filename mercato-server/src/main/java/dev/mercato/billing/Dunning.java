package dev.mercato.billing;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The dunning schedule of past-due periods ({@code billing_dunning}): retries on the configured days
 * after the first failure, then the final action, never before the past-due grace period ends (so
 * nothing the grace promises is taken away early). Written in the transactions that record a
 * failure, a retry claim, a recovery or the final action.
 */
@Repository
class Dunning {

    /** One unpaid period's schedule. */
    record Step(String subscriptionId, Instant periodStart, Instant firstFailedAt, int retriesDone, Instant nextStepAt) {
    }

    private final JdbcClient jdbc;
    private final DunningSettings settings;

    Dunning(JdbcClient jdbc, DunningSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    DunningSettings settings() {
        return settings;
    }

    /**
     * Opens the period's schedule at its first failure; later failures of the same period keep it.
     * A period paid and then taken back (its payment reversed) opens its closed schedule anew.
     */
    Step failed(Subscription pastDue, Instant now) {
        jdbc.sql("""
                INSERT INTO billing_dunning (subscription_id, period_start, first_failed_at, retries_done, next_step_at)
                VALUES (:sub, :start, :now, 0, :next) ON CONFLICT (subscription_id, period_start) DO UPDATE
                SET first_failed_at = EXCLUDED.first_failed_at, retries_done = 0, next_step_at = EXCLUDED.next_step_at,
                    outcome = NULL, closed_at = NULL
                WHERE billing_dunning.outcome IS NOT NULL""")
                .param("sub", pastDue.id()).param("start", ts(pastDue.currentPeriodStart())).param("now", ts(now))
                .param("next", ts(stepAfter(pastDue.currentPeriodStart(), now, 0, now))).update();
        return find(pastDue.id(), pastDue.currentPeriodStart()).orElseThrow();
    }

    /** When the step after {@code retriesDone} retries is due: the next retry, or the final action. */
    Instant stepAfter(Instant periodStart, Instant firstFailedAt, int retriesDone, Instant now) {
        List<Integer> days = settings.retryDays();
        if (retriesDone < days.size()) {
            return firstFailedAt.plus(Duration.ofDays(days.get(retriesDone)));
        }
        Instant graceEnd = periodStart.plus(settings.grace());
        return graceEnd.isAfter(now) ? graceEnd : now;
    }

    Optional<Step> find(String subscriptionId, Instant periodStart) {
        return jdbc.sql("SELECT subscription_id, period_start, first_failed_at, retries_done, next_step_at FROM billing_dunning"
                        + " WHERE subscription_id = :sub AND period_start = :start")
                .param("sub", subscriptionId).param("start", ts(periodStart)).query(Dunning::map).optional();
    }

    /** Open schedules whose next step is due, of subscriptions still past due for that very period. */
    List<Step> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT d.subscription_id, d.period_start, d.first_failed_at, d.retries_done, d.next_step_at
                FROM billing_dunning d JOIN billing_subscriptions s ON s.id = d.subscription_id
                WHERE d.outcome IS NULL AND d.next_step_at <= :now
                  AND s.status = 'past_due' AND s.current_period_start = d.period_start
                ORDER BY d.next_step_at, d.subscription_id LIMIT :limit""")
                .param("now", ts(now)).param("limit", limit).query(Dunning::map).list();
    }

    /** Counts a retry as made (before making it) and schedules the step after it; false when another run took it. */
    boolean claimRetry(Step step, Instant now) {
        Instant next = stepAfter(step.periodStart(), step.firstFailedAt(), step.retriesDone() + 1, now);
        return jdbc.sql("""
                UPDATE billing_dunning SET retries_done = retries_done + 1, next_step_at = :next
                WHERE subscription_id = :sub AND period_start = :start AND retries_done = :done AND outcome IS NULL""")
                .param("next", ts(next)).param("sub", step.subscriptionId()).param("start", ts(step.periodStart()))
                .param("done", step.retriesDone()).update() == 1;
    }

    /** Gives a claimed retry back when the processor did not answer: the next run asks again (same key, no double charge). */
    void unclaimRetry(Step step) {
        jdbc.sql("""
                UPDATE billing_dunning SET retries_done = :done, next_step_at = :at
                WHERE subscription_id = :sub AND period_start = :start AND retries_done = :done + 1 AND outcome IS NULL""")
                .param("done", step.retriesDone()).param("at", ts(step.nextStepAt())).param("sub", step.subscriptionId())
                .param("start", ts(step.periodStart())).update();
    }

    void close(String subscriptionId, Instant periodStart, String outcome, Instant now) {
        jdbc.sql("""
                UPDATE billing_dunning SET outcome = :outcome, closed_at = :now
                WHERE subscription_id = :sub AND period_start = :start AND outcome IS NULL""")
                .param("outcome", outcome).param("now", ts(now)).param("sub", subscriptionId)
                .param("start", ts(periodStart)).update();
    }

    private static Step map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Step(rs.getString("subscription_id"), rs.getTimestamp("period_start").toInstant(),
                rs.getTimestamp("first_failed_at").toInstant(), rs.getInt("retries_done"),
                rs.getTimestamp("next_step_at").toInstant());
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
