package dev.mercato.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Usage counters of metered quotas, one row per user, feature and period. */
@Repository
class Usage {

    private final JdbcClient jdbc;

    Usage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long used(String userId, String feature, Instant periodStart) {
        return jdbc.sql("SELECT used FROM billing_usage WHERE user_id = :user AND feature = :feature AND period_start = :start")
                .param("user", userId).param("feature", feature).param("start", Timestamp.from(periodStart))
                .query(Long.class).optional().orElse(0L);
    }

    /** The user's counters of {@code feature} for periods starting in [{@code from}, {@code to}), by period start. */
    java.util.Map<Instant, Long> periods(String userId, String feature, Instant from, Instant to) {
        java.util.Map<Instant, Long> used = new java.util.TreeMap<>();
        jdbc.sql("""
                SELECT period_start, used FROM billing_usage
                WHERE user_id = :user AND feature = :feature AND period_start >= :from AND period_start < :to""")
                .param("user", userId).param("feature", feature).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(rs -> {
                    used.put(rs.getTimestamp(1).toInstant(), rs.getLong(2));
                });
        return used;
    }

    /**
     * Adds {@code quantity} units in one statement if the total stays within {@code limit} (null:
     * unlimited). Concurrent calls queue on the row, each sees the total the previous one left, so
     * a quota is never exceeded however many callers race.
     *
     * @return the new total, or empty when it would exceed the limit (nothing was added)
     */
    OptionalLong consume(String userId, String feature, Instant periodStart, long quantity, Long limit, Instant now) {
        return jdbc.sql("""
                INSERT INTO billing_usage AS u (user_id, feature, period_start, used, updated_at)
                SELECT :user, :feature, :start, :quantity, :now WHERE CAST(:limit AS BIGINT) IS NULL OR :quantity <= :limit
                ON CONFLICT (user_id, feature, period_start) DO UPDATE SET used = u.used + EXCLUDED.used,
                       updated_at = EXCLUDED.updated_at
                WHERE CAST(:limit AS BIGINT) IS NULL OR u.used + EXCLUDED.used <= :limit
                RETURNING used""")
                .param("user", userId).param("feature", feature).param("start", Timestamp.from(periodStart))
                .param("quantity", quantity).param("limit", limit).param("now", Timestamp.from(now))
                .query(Long.class).optional().map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** One counter to add to: see {@link #consumeExisting}. */
    record Addition(String userId, String feature, Instant periodStart, long quantity, Long limit, Instant now) {
    }

    /**
     * Adds each of {@code additions} to its existing counter in one statement, where the total
     * stays within its limit (null: unlimited) — what {@link #consume} does, for many counters in one
     * round trip. The counters must be distinct. A counter that has no row yet, or whose limit would
     * be exceeded, is left unchanged and unlocked: its caller decides with {@link #consume}.
     *
     * @return for each addition, by index, the new total, or -1 when it was not added
     */
    long[] consumeExisting(List<Addition> additions) {
        long[] totals = new long[additions.size()];
        Arrays.fill(totals, -1);
        jdbc.sql("""
                UPDATE billing_usage AS u SET used = u.used + a.quantity, updated_at = a.now
                FROM unnest(:users, :features, CAST(:starts AS TIMESTAMPTZ[]), :quantities, :limits,
                            CAST(:nows AS TIMESTAMPTZ[])) WITH ORDINALITY
                     AS a(user_id, feature, period_start, quantity, lim, now, ord)
                WHERE u.user_id = a.user_id AND u.feature = a.feature AND u.period_start = a.period_start
                  AND (a.lim IS NULL OR u.used + a.quantity <= a.lim)
                RETURNING a.ord, u.used""")
                .param("users", new SqlArrayValue("text", additions.stream().map(Addition::userId).toArray()))
                .param("features", new SqlArrayValue("text", additions.stream().map(Addition::feature).toArray()))
                .param("starts", new SqlArrayValue("text",
                        additions.stream().map(a -> a.periodStart().toString()).toArray()))
                .param("quantities", new SqlArrayValue("int8", additions.stream().map(Addition::quantity).toArray()))
                .param("limits", new SqlArrayValue("int8", additions.stream().map(Addition::limit).toArray()))
                .param("nows", new SqlArrayValue("text", additions.stream().map(a -> a.now().toString()).toArray()))
                .query(rs -> {
                    totals[rs.getInt(1) - 1] = rs.getLong(2);
                });
        return totals;
    }
}
