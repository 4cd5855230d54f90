package dev.mercato.platform.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only {@code audit_events} table. */
@Repository
class AuditEvents {

    /** What operators filter by; null fields do not filter. */
    record Filter(String resourceType, String resourceId, String actor, String onBehalfOf, String requestId, Instant from,
            Instant to) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    AuditEvents(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * One statement whatever the number of events: each column travels as an array and is
     * expanded with {@code unnest}, so every batch size runs the same prepared statement (a batched
     * insert, rewritten by pgjdbc into multi-row inserts, was a statement per power of two).
     */
    void insert(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        batch.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO audit_events (id, occurred_at, actor_id, on_behalf_of, api_key_id, method, route, action,
                                              resource_type, resource_id, status, request_id, client_ip, summary)
                    SELECT id, occurred_at::timestamptz, actor_id, on_behalf_of, api_key_id, method, route, action,
                           resource_type, resource_id, status, request_id, client_ip, summary::jsonb
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                ?::text[], ?::text[], ?::int2[], ?::text[], ?::text[], ?::text[])
                         AS v(id, occurred_at, actor_id, on_behalf_of, api_key_id, method, route, action,
                              resource_type, resource_id, status, request_id, client_ip, summary)""")) {
                int i = 1;
                ps.setArray(i++, text(c, events, AuditEvent::id));
                ps.setArray(i++, text(c, events, e -> e.occurredAt().toString()));
                ps.setArray(i++, text(c, events, AuditEvent::actorId));
                ps.setArray(i++, text(c, events, AuditEvent::onBehalfOf));
                ps.setArray(i++, text(c, events, AuditEvent::apiKeyId));
                ps.setArray(i++, text(c, events, AuditEvent::method));
                ps.setArray(i++, text(c, events, AuditEvent::route));
                ps.setArray(i++, text(c, events, AuditEvent::action));
                ps.setArray(i++, text(c, events, AuditEvent::resourceType));
                ps.setArray(i++, text(c, events, AuditEvent::resourceId));
                ps.setArray(i++, c.createArrayOf("int2", events.stream().map(e -> (short) e.status()).toArray(Short[]::new)));
                ps.setArray(i++, text(c, events, AuditEvent::requestId));
                ps.setArray(i++, text(c, events, AuditEvent::clientIp));
                ps.setArray(i, text(c, events, AuditEvent::summary));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Array text(Connection c, List<AuditEvent> events, Function<AuditEvent, String> column) throws SQLException {
        return c.createArrayOf("text", events.stream().map(column).toArray(String[]::new));
    }

    /** Newest first; only the conditions asked for go into the statement, so each can use its index. */
    List<AuditEvent> find(Filter filter, String startingAfter, int limit) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        condition(conditions, params, "resource_type = :type", "type", filter.resourceType());
        condition(conditions, params, "resource_id = :resource", "resource", filter.resourceId());
        condition(conditions, params, "actor_id = :actor", "actor", filter.actor());
        condition(conditions, params, "on_behalf_of = :onBehalfOf", "onBehalfOf", filter.onBehalfOf());
        condition(conditions, params, "request_id = :requestId", "requestId", filter.requestId());
        condition(conditions, params, "occurred_at >= :from", "from", filter.from() == null ? null : Timestamp.from(filter.from()));
        condition(conditions, params, "occurred_at < :to", "to", filter.to() == null ? null : Timestamp.from(filter.to()));
        condition(conditions, params, "id < :after", "after", startingAfter);
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return jdbc.sql("SELECT * FROM audit_events" + where + " ORDER BY id DESC LIMIT :limit")
                .params(params).param("limit", limit)
                .query(AuditEvents::map).list();
    }

    /**
     * Summarises the time index's page ranges filled since the last call, so the {@code from}/{@code to}
     * filters and the purge skip them without autovacuum's {@code autosummarize} (which does nothing
     * where autovacuum is off); a range left unsummarised is read whole. Inserts go on meanwhile.
     */
    int summarizeTimeIndex() {
        return jdbc.sql("SELECT brin_summarize_new_values('audit_events_time_brin'::regclass)")
                .query(Integer.class).single();
    }

    int purgeBefore(Instant cutoff) {
        return jdbc.sql("SELECT audit_events_purge(:cutoff)").param("cutoff", Timestamp.from(cutoff))
                .query(Integer.class).single();
    }

    private static void condition(List<String> conditions, Map<String, Object> params, String sql, String name,
            Object value) {
        if (value != null) {
            conditions.add(sql);
            params.put(name, value);
        }
    }

    private static AuditEvent map(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getString("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_id"),
                rs.getString("on_behalf_of"), rs.getString("api_key_id"), rs.getString("method"), rs.getString("route"),
                rs.getString("action"), rs.getString("resource_type"), rs.getString("resource_id"), rs.getInt("status"),
                rs.getString("request_id"), rs.getString("client_ip"), rs.getString("summary"));
    }
}
