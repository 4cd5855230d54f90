package dev.mercato.credits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Lots {

    /**
     * The order credit is drawn in (ADR 0018): the soonest expiry first, never-expiring lots last;
     * at the same expiry free credit before paid; then the oldest grant first.
     */
    static final String DRAW_ORDER = "expires_at ASC NULLS LAST, CASE kind WHEN 'free' THEN 0 ELSE 1 END, granted_at, id";

    private final JdbcClient jdbc;

    Lots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(CreditLot lot, String grantKey) {
        jdbc.sql("""
                INSERT INTO credit_lots (id, user_id, kind, source, amount, remaining, expires_at, granted_at, grant_key,
                                         reason, reference, granted_by, transaction_id)
                VALUES (:id, :user, :kind, :source, :amount, :amount, :expires, :at, :key, :reason, :reference, :by, :txn)""")
                .param("id", lot.id()).param("user", lot.userId()).param("kind", lot.kind().code())
                .param("source", lot.source().code()).param("amount", lot.amount())
                .param("expires", lot.expiresAt() == null ? null : Timestamp.from(lot.expiresAt()))
                .param("at", Timestamp.from(lot.grantedAt())).param("key", grantKey).param("reason", lot.reason())
                .param("reference", lot.reference()).param("by", lot.grantedBy()).param("txn", lot.transactionId())
                .update();
    }

    Optional<CreditLot> byKey(String userId, String grantKey) {
        return jdbc.sql("SELECT * FROM credit_lots WHERE user_id = :user AND grant_key = :key")
                .param("user", userId).param("key", grantKey).query(Lots::map).optional();
    }

    Optional<CreditLot> find(String id) {
        return jdbc.sql("SELECT * FROM credit_lots WHERE id = :id").param("id", id).query(Lots::map).optional();
    }

    /** The user's unexpired lots with credit left, in draw order, locked. */
    List<CreditLot> spendable(String userId, Instant now) {
        return jdbc.sql("SELECT * FROM credit_lots WHERE user_id = :user AND remaining > 0"
                        + " AND (expires_at IS NULL OR expires_at > :now) ORDER BY " + DRAW_ORDER + " FOR UPDATE")
                .param("user", userId).param("now", Timestamp.from(now)).query(Lots::map).list();
    }

    /** The same lots, read without locking, for the balance. */
    List<CreditLot> unexpired(String userId, Instant now) {
        return jdbc.sql("SELECT * FROM credit_lots WHERE user_id = :user AND remaining > 0"
                        + " AND (expires_at IS NULL OR expires_at > :now) ORDER BY " + DRAW_ORDER)
                .param("user", userId).param("now", Timestamp.from(now)).query(Lots::map).list();
    }

    void take(String lotId, long units) {
        int changed = jdbc.sql("UPDATE credit_lots SET remaining = remaining - :units WHERE id = :id AND remaining >= :units")
                .param("id", lotId).param("units", units).update();
        if (changed != 1) {
            throw new IllegalStateException("lot " + lotId + " has fewer than " + units + " credits left");
        }
    }

    void giveBack(String lotId, long units) {
        jdbc.sql("UPDATE credit_lots SET remaining = remaining + :units WHERE id = :id").param("id", lotId)
                .param("units", units).update();
    }

    /** Lots past their expiry with credit left, soonest first: what the expiry job has to do. */
    List<String> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM credit_lots WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= :now
                ORDER BY expires_at, id LIMIT :limit""")
                .param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    Optional<CreditLot> lock(String lotId) {
        return jdbc.sql("SELECT * FROM credit_lots WHERE id = :id FOR UPDATE").param("id", lotId).query(Lots::map)
                .optional();
    }

    /** Moves everything left in the lot to expired. */
    void expire(String lotId, long units) {
        jdbc.sql("UPDATE credit_lots SET remaining = remaining - :units, expired = expired + :units WHERE id = :id")
                .param("id", lotId).param("units", units).update();
    }

    private static CreditLot map(ResultSet rs, int n) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new CreditLot(rs.getString("id"), rs.getString("user_id"), CreditKind.of(rs.getString("kind")),
                CreditSource.of(rs.getString("source")), rs.getLong("amount"), rs.getLong("remaining"),
                rs.getLong("expired"), expires == null ? null : expires.toInstant(),
                rs.getTimestamp("granted_at").toInstant(), rs.getString("reason"), rs.getString("reference"),
                rs.getString("granted_by"), rs.getString("transaction_id"));
    }
}
