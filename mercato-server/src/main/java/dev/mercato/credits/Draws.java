package dev.mercato.credits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Draws {

    record Part(String lotId, CreditKind kind, long units) {
    }

    private final JdbcClient jdbc;

    Draws(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(CreditDraw draw, List<Part> parts) {
        jdbc.sql("""
                INSERT INTO credit_draws (id, user_id, reference, units, paid_units, free_units, transaction_id, created_at)
                VALUES (:id, :user, :reference, :units, :paid, :free, :txn, :at)""")
                .param("id", draw.id()).param("user", draw.userId()).param("reference", draw.reference())
                .param("units", draw.units()).param("paid", draw.paidUnits()).param("free", draw.freeUnits())
                .param("txn", draw.transactionId()).param("at", Timestamp.from(draw.createdAt())).update();
        for (Part part : parts) {
            jdbc.sql("INSERT INTO credit_draw_parts (draw_id, lot_id, units) VALUES (:draw, :lot, :units)")
                    .param("draw", draw.id()).param("lot", part.lotId()).param("units", part.units()).update();
        }
    }

    Optional<CreditDraw> byReference(String userId, String reference) {
        return jdbc.sql("SELECT * FROM credit_draws WHERE user_id = :user AND reference = :reference")
                .param("user", userId).param("reference", reference).query(Draws::map).optional();
    }

    List<Part> parts(String drawId) {
        return jdbc.sql("""
                SELECT p.lot_id, l.kind, p.units FROM credit_draw_parts p JOIN credit_lots l ON l.id = p.lot_id
                WHERE p.draw_id = :draw ORDER BY p.lot_id""")
                .param("draw", drawId)
                .query((rs, n) -> new Part(rs.getString("lot_id"), CreditKind.of(rs.getString("kind")), rs.getLong("units")))
                .list();
    }

    void markReturned(String drawId, String transactionId, Instant at) {
        jdbc.sql("UPDATE credit_draws SET returned_at = :at, return_transaction_id = :txn WHERE id = :id")
                .param("id", drawId).param("txn", transactionId).param("at", Timestamp.from(at)).update();
    }

    static Map<String, Object> summary(CreditDraw d) {
        return Map.of("reference", d.reference(), "units", d.units(), "paid_units", d.paidUnits(), "free_units",
                d.freeUnits(), "returned", d.returnedAt() != null);
    }

    private static CreditDraw map(ResultSet rs, int n) throws SQLException {
        Timestamp returned = rs.getTimestamp("returned_at");
        return new CreditDraw(rs.getString("id"), rs.getString("user_id"), rs.getString("reference"), rs.getLong("units"),
                rs.getLong("paid_units"), rs.getLong("free_units"), rs.getString("transaction_id"),
                rs.getTimestamp("created_at").toInstant(), returned == null ? null : returned.toInstant());
    }
}
