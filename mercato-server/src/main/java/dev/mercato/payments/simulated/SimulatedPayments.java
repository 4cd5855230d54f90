package dev.mercato.payments.simulated;

import dev.mercato.payments.PaymentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** The simulated processor's payments and refunds. */
@Repository
class SimulatedPayments {

    private static final String COLUMNS = """
            id, reference, amount, currency, payment_method, status, amount_captured, amount_refunded,
            failure_code, failure_message, transfer_group, created_at""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SimulatedPayments(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(SimulatedPayment payment, Map<String, String> metadata) {
        jdbc.sql("""
                INSERT INTO simulated_payments (id, reference, amount, currency, payment_method, status, amount_captured,
                    failure_code, failure_message, transfer_group, metadata, created_at, updated_at)
                VALUES (:id, :reference, :amount, :currency, :method, :status, :captured, :code, :message, :group,
                    :metadata::jsonb, :now, :now)""")
                .param("id", payment.id()).param("reference", payment.reference()).param("amount", payment.amount())
                .param("currency", payment.currency()).param("method", payment.paymentMethod())
                .param("status", payment.status().code()).param("captured", payment.amountCaptured()).param("code", payment.failureCode())
                .param("message", payment.failureMessage()).param("group", payment.transferGroup())
                .param("metadata", json.writeValueAsString(metadata))
                .param("now", Timestamp.from(payment.createdAt()))
                .update();
    }

    Optional<SimulatedPayment> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM simulated_payments WHERE id = :id")
                .param("id", id).query(this::map).optional();
    }

    /** Reads the payment and locks it until the end of the transaction. */
    Optional<SimulatedPayment> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM simulated_payments WHERE id = :id FOR UPDATE")
                .param("id", id).query(this::map).optional();
    }

    Optional<SimulatedPayment> findByReference(String reference) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM simulated_payments WHERE reference = :reference ORDER BY id DESC LIMIT 1")
                .param("reference", reference).query(this::map).optional();
    }

    void update(String id, PaymentStatus status, long captured, long refunded, Instant now) {
        jdbc.sql("""
                UPDATE simulated_payments SET status = :status, amount_captured = :captured, amount_refunded = :refunded,
                    updated_at = :now WHERE id = :id""")
                .param("id", id).param("status", status.code()).param("captured", captured)
                .param("refunded", refunded).param("now", Timestamp.from(now)).update();
    }

    void insertRefund(String id, String paymentId, long amount, String currency, Instant now) {
        jdbc.sql("""
                INSERT INTO simulated_refunds (id, payment_id, amount, currency, created_at)
                VALUES (:id, :paymentId, :amount, :currency, :now)""")
                .param("id", id).param("paymentId", paymentId).param("amount", amount).param("currency", currency)
                .param("now", Timestamp.from(now)).update();
    }

    record Refund(String id, String paymentId, long amount, String currency) {
    }

    Optional<Refund> findRefund(String id) {
        return jdbc.sql("SELECT id, payment_id, amount, currency FROM simulated_refunds WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new Refund(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .optional();
    }

    private SimulatedPayment map(ResultSet rs, int row) throws SQLException {
        return new SimulatedPayment(rs.getString("id"), rs.getString("reference"), rs.getLong("amount"),
                rs.getString("currency"), rs.getString("payment_method"), PaymentStatus.of(rs.getString("status")),
                rs.getLong("amount_captured"), rs.getLong("amount_refunded"), rs.getString("failure_code"),
                rs.getString("failure_message"), rs.getString("transfer_group"),
                rs.getTimestamp("created_at").toInstant());
    }
}
