package dev.mercato.campaigns;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The campaign_refunds table: unspent escrow on its way back, one row per funding payment it is refunded against. */
@Repository
class EscrowRefunds {

    record Pending(String id, String campaignId, String fundingId, String paymentId, long amount, String currency) {
    }

    private final JdbcClient jdbc;

    EscrowRefunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Pending p, Instant now) {
        jdbc.sql("""
                INSERT INTO campaign_refunds (id, campaign_id, funding_id, payment_id, amount, currency, status, created_at)
                VALUES (:id, :campaign, :funding, :payment, :amount, :currency, 'pending', :now)""")
                .param("id", p.id()).param("campaign", p.campaignId()).param("funding", p.fundingId())
                .param("payment", p.paymentId()).param("amount", p.amount()).param("currency", p.currency())
                .param("now", Timestamp.from(now)).update();
    }

    /** Pending refunds of one campaign, or of every campaign when it is null. */
    List<Pending> pending(String campaignId, int limit) {
        return jdbc.sql("""
                SELECT id, campaign_id, funding_id, payment_id, amount, currency FROM campaign_refunds
                WHERE status = 'pending' AND (CAST(:campaign AS text) IS NULL OR campaign_id = :campaign) ORDER BY created_at LIMIT :limit""")
                .param("campaign", campaignId).param("limit", limit)
                .query((rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6))).list();
    }

    /** Marks a pending refund succeeded; false when another run already did. */
    boolean succeeded(String id, String processorRefundId, Instant now) {
        return jdbc.sql("""
                UPDATE campaign_refunds SET status = 'succeeded', processor_refund_id = :refund, completed_at = :now
                WHERE id = :id AND status = 'pending'""")
                .param("id", id).param("refund", processorRefundId).param("now", Timestamp.from(now)).update() == 1;
    }

    long total(String campaignId, String status) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM campaign_refunds WHERE campaign_id = :campaign AND status = :status")
                .param("campaign", campaignId).param("status", status).query(Long.class).single();
    }
}
