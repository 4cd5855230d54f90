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
class Refunds {

    private static final TypeReference<List<Refund.Line>> LINES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Refunds(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Refund r) {
        jdbc.sql("""
                INSERT INTO refunds (id, order_id, amount, status, reason, lines, requested_by, created_at, updated_at)
                VALUES (:id, :order, :amount, 'pending', :reason, :lines::jsonb, :by, :at, :at)""")
                .param("id", r.id()).param("order", r.orderId()).param("amount", r.amount()).param("reason", r.reason())
                .param("lines", json.writeValueAsString(r.lines())).param("by", r.requestedBy())
                .param("at", Timestamp.from(r.createdAt()))
                .update();
    }

    void finish(String id, String status, String processorRefund, String failureCode, Instant at) {
        jdbc.sql("""
                UPDATE refunds SET status = :status, processor_refund = :processor, failure_code = :failure, updated_at = :at
                WHERE id = :id""")
                .param("id", id).param("status", status).param("processor", processorRefund).param("failure", failureCode)
                .param("at", Timestamp.from(at)).update();
    }

    Optional<Refund> find(String id) {
        return jdbc.sql("SELECT *, lines::text AS lines_text FROM refunds WHERE id = :id").param("id", id)
                .query(this::map).optional();
    }

    void addToLine(String orderId, int line, long amount) {
        jdbc.sql("UPDATE order_lines SET refunded = refunded + :amount WHERE order_id = :order AND line = :line")
                .param("order", orderId).param("line", line).param("amount", amount).update();
    }

    private Refund map(ResultSet rs, int n) throws SQLException {
        return new Refund(rs.getString("id"), rs.getString("order_id"), rs.getLong("amount"), rs.getString("status"),
                rs.getString("reason"), json.readValue(rs.getString("lines_text"), LINES), rs.getString("processor_refund"),
                rs.getString("failure_code"), rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant());
    }
}
