package dev.mercato.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Events {

    private final JdbcClient jdbc;

    Events(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the event unless one of its type about the same object exists; true if stored. */
    boolean insert(WebhookEvent event, String objectId) {
        return jdbc.sql("""
                INSERT INTO webhook_events (id, type, object_id, data, created_at)
                VALUES (:id, :type, :object, CAST(:data AS json), :at) ON CONFLICT (type, object_id) DO NOTHING""")
                .param("id", event.id()).param("type", event.type()).param("object", objectId)
                .param("data", event.data()).param("at", Timestamp.from(event.createdAt()))
                .update() == 1;
    }

    /**
     * Deletes events created before {@code before} whose deliveries have all finished, with their
     * deliveries and attempt log (at most {@code limit} events per call); returns how many went.
     */
    int pruneBefore(Instant before, int limit) {
        return jdbc.sql("""
                WITH old AS (
                  SELECT e.id FROM webhook_events e
                  WHERE e.created_at < :before
                    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
                  ORDER BY e.created_at LIMIT :limit),
                deliveries AS (DELETE FROM webhook_deliveries d USING old WHERE d.event_id = old.id)
                DELETE FROM webhook_events e USING old WHERE e.id = old.id""")
                .param("before", Timestamp.from(before)).param("limit", limit).update();
    }

    Optional<WebhookEvent> find(String id) {
        return jdbc.sql("SELECT * FROM webhook_events WHERE id = :id").param("id", id).query(this::map).optional();
    }

    List<WebhookEvent> list(String type, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM webhook_events
                WHERE (CAST(:type AS text) IS NULL OR type = :type) AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("type", type).param("after", startingAfter).param("limit", limit).query(this::map).list();
    }

    private WebhookEvent map(ResultSet rs, int n) throws SQLException {
        return new WebhookEvent(rs.getString("id"), rs.getString("type"), rs.getString("data"),
                rs.getTimestamp("created_at").toInstant());
    }
}
