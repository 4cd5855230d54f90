package dev.mercato.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

@Repository
class Disputes {

    private static final TypeReference<List<Dispute.Share>> SHARES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Disputes(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records a dispute once per processor dispute; false when it was already recorded. */
    boolean insert(Dispute d) {
        return jdbc.sql("""
                INSERT INTO disputes (id, adapter, processor_dispute_id, order_id, currency, amount, status, shares,
                                      order_status_before, opened_at)
                VALUES (:id, :adapter, :pid, :order, :currency, :amount, 'open', :shares::jsonb, :before, :at)
                ON CONFLICT (adapter, processor_dispute_id) DO NOTHING""")
                .param("id", d.id()).param("adapter", d.adapter()).param("pid", d.processorDisputeId())
                .param("order", d.orderId()).param("currency", d.currency()).param("amount", d.amount())
                .param("shares", json.writeValueAsString(d.shares())).param("before", d.statusBefore().code())
                .param("at", Timestamp.from(d.openedAt()))
                .update() == 1;
    }

    Optional<Dispute> lock(String adapter, String processorDisputeId) {
        return jdbc.sql("SELECT *, shares::text AS shares_text FROM disputes WHERE adapter = :a AND processor_dispute_id = :p FOR UPDATE")
                .param("a", adapter).param("p", processorDisputeId).query(this::map).optional();
    }

    List<Dispute> ofOrder(String orderId) {
        return jdbc.sql("SELECT *, shares::text AS shares_text FROM disputes WHERE order_id = :o ORDER BY opened_at")
                .param("o", orderId).query(this::map).list();
    }

    Optional<Dispute> find(String id) {
        return jdbc.sql("SELECT *, shares::text AS shares_text FROM disputes WHERE id = :id").param("id", id)
                .query(this::map).optional();
    }

    /** Newest first, optionally of one status, after {@code startingAfter} (exclusive). */
    List<Dispute> list(String status, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT *, shares::text AS shares_text FROM disputes
                WHERE (CAST(:status AS text) IS NULL OR status = :status) AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("status", status).param("after", startingAfter).param("limit", limit).query(this::map).list();
    }

    void resolve(String id, String status, long fee, Instant at) {
        jdbc.sql("UPDATE disputes SET status = :status, fee = :fee, resolved_at = :at WHERE id = :id")
                .param("id", id).param("status", status).param("fee", fee).param("at", Timestamp.from(at)).update();
    }

    private Dispute map(ResultSet rs, int n) throws SQLException {
        return new Dispute(rs.getString("id"), rs.getString("adapter"), rs.getString("processor_dispute_id"),
                rs.getString("order_id"), rs.getString("currency"), rs.getLong("amount"), rs.getLong("fee"),
                rs.getString("status"), json.readValue(rs.getString("shares_text"), SHARES),
                OrderStatus.of(rs.getString("order_status_before")), rs.getTimestamp("opened_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("resolved_at")).map(Timestamp::toInstant).orElse(null));
    }
}
