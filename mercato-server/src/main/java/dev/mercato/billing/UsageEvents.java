package dev.mercato.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reported usage events and the counters they add to, written set-based: one statement stores a
 * whole batch, one more adds to every (feature, period) counter it touches.
 */
@Repository
class UsageEvents {

    record Event(String id, String feature, long quantity, Instant occurredAt, Instant periodStart) {
    }

    record Increment(String feature, Instant periodStart, long quantity) {
    }

    record Counter(String feature, Instant periodStart, long used) {
    }

    private final JdbcTemplate jdbc;

    UsageEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the events that are new for the user; those whose id it already has are skipped.
     * Callers pass events sorted by id, so concurrent overlapping batches wait on each other's ids
     * in one order instead of deadlocking.
     *
     * @return the ids that were new
     */
    Set<String> insertNew(String userId, List<Event> events, Instant now) {
        if (events.isEmpty()) {
            return Set.of();
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] features = new String[n];
        Long[] quantities = new Long[n];
        String[] occurred = new String[n];
        String[] periods = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            ids[i] = e.id();
            features[i] = e.feature();
            quantities[i] = e.quantity();
            occurred[i] = e.occurredAt().toString();
            periods[i] = e.periodStart().toString();
        }
        Set<String> inserted = new HashSet<>();
        jdbc.query(con -> {
            var statement = con.prepareStatement("""
                    INSERT INTO billing_usage_events (user_id, event_id, feature, quantity, occurred_at, period_start, received_at)
                    SELECT ?, e.id, e.feature, e.quantity, e.occurred::timestamptz, e.period::timestamptz, ?
                    FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[]) AS e(id, feature, quantity, occurred, period)
                    ON CONFLICT (user_id, event_id) DO NOTHING
                    RETURNING event_id""");
            statement.setString(1, userId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setArray(3, con.createArrayOf("text", ids));
            statement.setArray(4, con.createArrayOf("text", features));
            statement.setArray(5, con.createArrayOf("int8", quantities));
            statement.setArray(6, con.createArrayOf("text", occurred));
            statement.setArray(7, con.createArrayOf("text", periods));
            return statement;
        }, rs -> {
            inserted.add(rs.getString(1));
        });
        return inserted;
    }

    /**
     * Adds each increment to its counter, whatever the quota's limit (reported usage has happened).
     * Callers pass increments sorted by feature and period: one lock order for every writer.
     */
    List<Counter> add(String userId, List<Increment> increments, Instant now) {
        if (increments.isEmpty()) {
            return List.of();
        }
        int n = increments.size();
        String[] features = new String[n];
        String[] periods = new String[n];
        Long[] quantities = new Long[n];
        for (int i = 0; i < n; i++) {
            features[i] = increments.get(i).feature();
            periods[i] = increments.get(i).periodStart().toString();
            quantities[i] = increments.get(i).quantity();
        }
        return jdbc.query(con -> {
            var statement = con.prepareStatement("""
                    INSERT INTO billing_usage AS u (user_id, feature, period_start, used, updated_at)
                    SELECT ?, i.feature, i.period::timestamptz, i.quantity, ?
                    FROM unnest(?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY AS i(feature, period, quantity, n)
                    ORDER BY i.n
                    ON CONFLICT (user_id, feature, period_start) DO UPDATE SET used = u.used + EXCLUDED.used,
                           updated_at = EXCLUDED.updated_at
                    RETURNING feature, period_start, used""");
            statement.setString(1, userId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setArray(3, con.createArrayOf("text", features));
            statement.setArray(4, con.createArrayOf("text", periods));
            statement.setArray(5, con.createArrayOf("int8", quantities));
            return statement;
        }, (rs, i) -> new Counter(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3)));
    }
}
