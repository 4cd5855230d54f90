package dev.mercato.payments.simulated;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Chargebacks opened on the simulated processor's captured payments. */
@Repository
class SimulatedDisputes {

    record Dispute(String id, String paymentId, long amount, long fee, String currency, String status) {
    }

    private final JdbcClient jdbc;

    SimulatedDisputes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Dispute dispute, Instant now) {
        jdbc.sql("""
                INSERT INTO simulated_disputes (id, payment_id, amount, fee, currency, status, created_at, updated_at)
                VALUES (:id, :payment, :amount, :fee, :currency, :status, :now, :now)""")
                .param("id", dispute.id()).param("payment", dispute.paymentId()).param("amount", dispute.amount())
                .param("fee", dispute.fee()).param("currency", dispute.currency()).param("status", dispute.status())
                .param("now", Timestamp.from(now)).update();
    }

    Optional<Dispute> lock(String id) {
        return jdbc.sql("SELECT id, payment_id, amount, fee, currency, status FROM simulated_disputes WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, n) -> new Dispute(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6)))
                .optional();
    }

    /** What open or lost disputes already claim of the payment. */
    long disputedOf(String paymentId) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM simulated_disputes WHERE payment_id = :id AND status <> 'won'")
                .param("id", paymentId).query(Long.class).single();
    }

    void resolve(String id, String status, Instant now) {
        jdbc.sql("UPDATE simulated_disputes SET status = :status, updated_at = :now WHERE id = :id")
                .param("id", id).param("status", status).param("now", Timestamp.from(now)).update();
    }
}
