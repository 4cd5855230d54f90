package dev.mercato.credits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TopUps {

    record Keyed(CreditTopUp topUp, byte[] requestHash) {
    }

    private final JdbcClient jdbc;

    TopUps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the user already has a top-up under this key */
    boolean insert(CreditTopUp t, String idempotencyKey, byte[] requestHash) {
        return jdbc.sql("""
                INSERT INTO credit_top_ups (id, user_id, idempotency_key, request_hash, units, currency, amount, status,
                                            created_at, updated_at)
                VALUES (:id, :user, :key, :hash, :units, :currency, :amount, 'pending', :at, :at)
                ON CONFLICT (user_id, idempotency_key) DO NOTHING""")
                .param("id", t.id()).param("user", t.userId()).param("key", idempotencyKey).param("hash", requestHash)
                .param("units", t.units()).param("currency", t.currency()).param("amount", t.amount())
                .param("at", Timestamp.from(t.createdAt())).update() == 1;
    }

    Optional<Keyed> byKey(String userId, String idempotencyKey) {
        return jdbc.sql("SELECT * FROM credit_top_ups WHERE user_id = :user AND idempotency_key = :key")
                .param("user", userId).param("key", idempotencyKey)
                .query((rs, n) -> new Keyed(map(rs, n), rs.getBytes("request_hash"))).optional();
    }

    Optional<CreditTopUp> find(String id) {
        return jdbc.sql("SELECT * FROM credit_top_ups WHERE id = :id").param("id", id).query(TopUps::map).optional();
    }

    Optional<CreditTopUp> lock(String id) {
        return jdbc.sql("SELECT * FROM credit_top_ups WHERE id = :id FOR UPDATE").param("id", id).query(TopUps::map)
                .optional();
    }

    void paymentStarted(String id, String paymentId, Instant at) {
        jdbc.sql("UPDATE credit_top_ups SET payment_id = :payment, updated_at = :at WHERE id = :id AND status = 'pending'")
                .param("id", id).param("payment", paymentId).param("at", Timestamp.from(at)).update();
    }

    void succeeded(String id, String lotId, Instant at) {
        jdbc.sql("UPDATE credit_top_ups SET status = 'succeeded', lot_id = :lot, failure_code = NULL, updated_at = :at WHERE id = :id")
                .param("id", id).param("lot", lotId).param("at", Timestamp.from(at)).update();
    }

    /** @return false when the top-up was no longer pending */
    boolean failed(String id, String failureCode, Instant at) {
        return jdbc.sql("UPDATE credit_top_ups SET status = 'failed', failure_code = :code, updated_at = :at WHERE id = :id AND status = 'pending'")
                .param("id", id).param("code", failureCode).param("at", Timestamp.from(at)).update() == 1;
    }

    private static CreditTopUp map(ResultSet rs, int n) throws SQLException {
        return new CreditTopUp(rs.getString("id"), rs.getString("user_id"), rs.getLong("units"), rs.getString("currency"),
                rs.getLong("amount"), rs.getString("status"), rs.getString("payment_id"), rs.getString("failure_code"),
                rs.getString("lot_id"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
