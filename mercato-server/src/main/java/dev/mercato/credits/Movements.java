package dev.mercato.credits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Movements {

    private final JdbcClient jdbc;

    Movements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(CreditMovement m) {
        jdbc.sql("""
                INSERT INTO credit_movements (id, user_id, type, units, paid_units, free_units, lot_id, draw_id, reference,
                                              reason, expires_at, transaction_id, created_at)
                VALUES (:id, :user, :type, :units, :paid, :free, :lot, :draw, :reference, :reason, :expires, :txn, :at)""")
                .param("id", m.id()).param("user", m.userId()).param("type", m.type()).param("units", m.units())
                .param("paid", m.paidUnits()).param("free", m.freeUnits()).param("lot", m.lotId())
                .param("draw", m.drawId()).param("reference", m.reference()).param("reason", m.reason())
                .param("expires", m.expiresAt() == null ? null : Timestamp.from(m.expiresAt()))
                .param("txn", m.transactionId()).param("at", Timestamp.from(m.createdAt())).update();
    }

    /** Newest first, after the movement {@code startingAfter} (exclusive). */
    List<CreditMovement> ofUser(String userId, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM credit_movements
                WHERE user_id = :user
                  AND (CAST(:after AS text) IS NULL
                       OR seq < (SELECT seq FROM credit_movements WHERE id = :after AND user_id = :user))
                ORDER BY seq DESC LIMIT :limit""")
                .param("user", userId).param("after", startingAfter).param("limit", limit).query(Movements::map).list();
    }

    private static CreditMovement map(ResultSet rs, int n) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new CreditMovement(rs.getString("id"), rs.getString("user_id"), rs.getString("type"), rs.getLong("units"),
                rs.getLong("paid_units"), rs.getLong("free_units"), rs.getString("lot_id"), rs.getString("draw_id"),
                rs.getString("reference"), rs.getString("reason"), expires == null ? null : expires.toInstant(),
                rs.getString("transaction_id"), rs.getTimestamp("created_at").toInstant());
    }
}
