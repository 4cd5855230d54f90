package dev.mercato.payouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Payouts {

    private final JdbcClient jdbc;

    Payouts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Payout p, Instant checkAt) {
        jdbc.sql("""
                INSERT INTO payouts (id, seller_id, currency, amount, status, processor, origin, next_check_at,
                                     created_at, updated_at)
                VALUES (:id, :seller, :currency, :amount, :status, :processor, :origin, :check, :at, :at)""")
                .param("id", p.id()).param("seller", p.sellerId()).param("currency", p.currency())
                .param("amount", p.amount()).param("status", p.status().code()).param("processor", p.processor())
                .param("origin", p.origin().code()).param("check", Timestamp.from(checkAt))
                .param("at", Timestamp.from(p.createdAt()))
                .update();
    }

    Optional<Payout> byTransfer(String processor, String transferId) {
        return jdbc.sql("SELECT * FROM payouts WHERE processor = :processor AND processor_transfer_id = :transfer")
                .param("processor", processor).param("transfer", transferId).query(this::map).optional();
    }

    /** Payouts whose transfer is unconfirmed and due a look, each claimed until {@code nextCheck} so one instance asks. */
    List<Payout> claimUnsettled(Instant now, Instant nextCheck, int limit) {
        return jdbc.sql("""
                UPDATE payouts SET next_check_at = :next
                WHERE id IN (SELECT id FROM payouts
                             WHERE status IN ('requested', 'in_transit') AND next_check_at <= :now
                             ORDER BY next_check_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING *""")
                .param("now", Timestamp.from(now)).param("next", Timestamp.from(nextCheck)).param("limit", limit)
                .query(this::map).list();
    }

    Optional<Payout> find(String id) {
        return jdbc.sql("SELECT * FROM payouts WHERE id = :id").param("id", id).query(this::map).optional();
    }

    Optional<Payout> lock(String id) {
        return jdbc.sql("SELECT * FROM payouts WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    List<Payout> ofSeller(String sellerId, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM payouts WHERE seller_id = :seller AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("seller", sellerId).param("after", startingAfter).param("limit", limit).query(this::map).list();
    }

    long paidOut(String sellerId, String currency) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM payouts WHERE seller_id = :seller AND currency = :currency AND status = 'paid'")
                .param("seller", sellerId).param("currency", currency).query(Long.class).single();
    }

    void move(String id, PayoutStatus status, String transferId, String failureCode, Instant at) {
        jdbc.sql("""
                UPDATE payouts SET status = :status, processor_transfer_id = coalesce(:transfer, processor_transfer_id),
                       failure_code = :failure, updated_at = :at,
                       paid_at = CASE WHEN :status = 'paid' THEN :at ELSE paid_at END
                WHERE id = :id""")
                .param("id", id).param("status", status.code()).param("transfer", transferId)
                .param("failure", failureCode).param("at", Timestamp.from(at))
                .update();
    }

    private Payout map(ResultSet rs, int n) throws SQLException {
        Timestamp paid = rs.getTimestamp("paid_at");
        return new Payout(rs.getString("id"), rs.getString("seller_id"), rs.getString("currency"), rs.getLong("amount"),
                PayoutStatus.of(rs.getString("status")), rs.getString("processor"), rs.getString("processor_transfer_id"),
                rs.getString("failure_code"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), paid == null ? null : paid.toInstant(),
                Payout.Origin.valueOf(rs.getString("origin").toUpperCase()));
    }
}
