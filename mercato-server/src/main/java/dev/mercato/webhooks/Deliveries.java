package dev.mercato.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Deliveries {

    /** A delivery a dispatcher has claimed: attempt number {@code attempt} is its to make. */
    record Claim(String id, String eventId, String endpointId, int attempt, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String id, String eventId, String endpointId, String origin, Instant now) {
        jdbc.sql("""
                INSERT INTO webhook_deliveries (id, event_id, endpoint_id, origin, status, next_attempt_at, created_at)
                VALUES (:id, :event, :endpoint, :origin, 'pending', :now, :now)""")
                .param("id", id).param("event", eventId).param("endpoint", endpointId).param("origin", origin)
                .param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Claims due deliveries of enabled endpoints: each one's attempt count goes up (the attempt is
     * the claimer's) and its next attempt moves a lease ahead, so no other dispatcher claims it
     * while this one sends. Rows another dispatcher is claiming are skipped, not waited for.
     */
    List<Claim> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                WITH due AS (
                  SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                  WHERE d.status = 'pending' AND d.next_attempt_at <= :now AND e.status = 'enabled'
                  ORDER BY d.next_attempt_at LIMIT :limit
                  FOR UPDATE OF d SKIP LOCKED)
                UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = :lease
                FROM due WHERE d.id = due.id
                RETURNING d.id, d.event_id, d.endpoint_id, d.attempts, d.created_at""")
                .param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseUntil)).param("limit", limit)
                .query((rs, n) -> new Claim(rs.getString("id"), rs.getString("event_id"), rs.getString("endpoint_id"),
                        rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Due deliveries of enabled endpoints: the webhook queue's depth. */
    long countDue(Instant now) {
        return jdbc.sql("""
                SELECT count(*) FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= :now AND e.status = 'enabled'""")
                .param("now", Timestamp.from(now)).query(Long.class).single();
    }

    /**
     * Logs an attempt, in the caller's transaction; false if the delivery is gone (its endpoint was
     * deleted meanwhile). The delivery row is locked first so a concurrent delete waits for it.
     */
    boolean log(Claim claim, WebhookDelivery.Attempt attempt) {
        boolean exists = !jdbc.sql("SELECT id FROM webhook_deliveries WHERE id = :id FOR KEY SHARE")
                .param("id", claim.id()).query(String.class).list().isEmpty();
        if (!exists) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO webhook_delivery_attempts (delivery_id, attempt, attempted_at, succeeded, status_code,
                                                       latency_ms, error, response_body)
                VALUES (:id, :attempt, :at, :succeeded, :code, :latency, :error, :body)""")
                .param("id", claim.id()).param("attempt", attempt.attempt())
                .param("at", Timestamp.from(attempt.attemptedAt())).param("succeeded", attempt.succeeded())
                .param("code", attempt.statusCode()).param("latency", attempt.latencyMs())
                .param("error", attempt.error()).param("body", attempt.responseBody())
                .update();
        return true;
    }

    /**
     * Moves a delivery on after its attempt: succeeded or failed for good (next is null), or
     * pending until {@code next}. Only while the attempt is still the delivery's latest, so a
     * dispatcher whose lease ran out cannot overwrite what a later attempt recorded.
     */
    void conclude(Claim claim, String status, Instant next, Instant now) {
        jdbc.sql("""
                UPDATE webhook_deliveries SET status = :status, next_attempt_at = :next,
                       completed_at = CASE WHEN :status = 'pending' THEN NULL ELSE CAST(:now AS timestamptz) END
                WHERE id = :id AND attempts = :attempt AND status = 'pending'""")
                .param("id", claim.id()).param("attempt", claim.attempt()).param("status", status)
                .param("next", next == null ? null : Timestamp.from(next)).param("now", Timestamp.from(now))
                .update();
    }

    Optional<WebhookDelivery> find(String id) {
        List<WebhookDelivery> found = withLogs(jdbc.sql(SELECT + " WHERE d.id = :id").param("id", id).query(this::map).list());
        return found.stream().findFirst();
    }

    List<WebhookDelivery> ofEndpoint(String endpointId, String startingAfter, int limit) {
        return withLogs(jdbc.sql(SELECT + """
                 WHERE d.endpoint_id = :endpoint AND (CAST(:after AS text) IS NULL OR d.id < :after)
                ORDER BY d.id DESC LIMIT :limit""")
                .param("endpoint", endpointId).param("after", startingAfter).param("limit", limit)
                .query(this::map).list());
    }

    private static final String SELECT = """
            SELECT d.*, ev.type AS event_type FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id""";

    private List<WebhookDelivery> withLogs(List<WebhookDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<String, List<WebhookDelivery.Attempt>> logs = new LinkedHashMap<>();
        deliveries.forEach(d -> logs.put(d.id(), new ArrayList<>()));
        jdbc.sql("SELECT * FROM webhook_delivery_attempts WHERE delivery_id = ANY (:ids) ORDER BY delivery_id, attempt")
                .param("ids", logs.keySet().toArray(String[]::new))
                .query(rs -> {
                    Timestamp at = rs.getTimestamp("attempted_at");
                    int code = rs.getInt("status_code");
                    Integer statusCode = rs.wasNull() ? null : code;
                    logs.get(rs.getString("delivery_id")).add(new WebhookDelivery.Attempt(rs.getInt("attempt"),
                            at.toInstant(), rs.getBoolean("succeeded"), statusCode, rs.getLong("latency_ms"),
                            rs.getString("error"), rs.getString("response_body")));
                });
        return deliveries.stream().map(d -> new WebhookDelivery(d.id(), d.eventId(), d.eventType(), d.endpointId(),
                d.origin(), d.status(), d.attempts(), d.nextAttemptAt(), d.createdAt(), d.completedAt(),
                List.copyOf(logs.get(d.id())))).toList();
    }

    private WebhookDelivery map(ResultSet rs, int n) throws SQLException {
        Timestamp next = rs.getTimestamp("next_attempt_at");
        Timestamp completed = rs.getTimestamp("completed_at");
        return new WebhookDelivery(rs.getString("id"), rs.getString("event_id"), rs.getString("event_type"),
                rs.getString("endpoint_id"), rs.getString("origin"), rs.getString("status"), rs.getInt("attempts"),
                next == null ? null : next.toInstant(), rs.getTimestamp("created_at").toInstant(),
                completed == null ? null : completed.toInstant(), List.of());
    }
}
