package dev.mercato.campaigns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The campaign_fundings table: each charge into a campaign's escrow, keyed by the buyer's idempotency key. */
@Repository
class Fundings {

    record Keyed(Funding funding, byte[] requestHash, String paymentMethod) {
    }

    private final JdbcClient jdbc;

    Fundings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Funding f, String key, byte[] hash) {
        jdbc.sql("""
                INSERT INTO campaign_fundings (id, campaign_id, slots, target, amount, currency, status, idempotency_key,
                  request_hash, created_at, updated_at)
                VALUES (:id, :campaign, :slots, :target, :amount, :currency, 'pending', :key, :hash, :at, :at)""")
                .param("id", f.id()).param("campaign", f.campaignId()).param("slots", f.slots()).param("target", f.target())
                .param("amount", f.amount()).param("currency", f.currency()).param("key", key).param("hash", hash)
                .param("at", Timestamp.from(f.createdAt())).update();
    }

    Optional<Keyed> byKey(String campaignId, String key) {
        return jdbc.sql("SELECT * FROM campaign_fundings WHERE campaign_id = :campaign AND idempotency_key = :key")
                .param("campaign", campaignId).param("key", key)
                .query((rs, n) -> new Keyed(map(rs, n), rs.getBytes("request_hash"), null)).optional();
    }

    Optional<String> keyOf(String campaignId, String id) {
        return jdbc.sql("SELECT idempotency_key FROM campaign_fundings WHERE id = :id AND campaign_id = :campaign")
                .param("id", id).param("campaign", campaignId).query(String.class).optional();
    }

    List<Funding> pendingOf(String campaignId) {
        return jdbc.sql("SELECT * FROM campaign_fundings WHERE campaign_id = :campaign AND status = 'pending' ORDER BY created_at, id")
                .param("campaign", campaignId).query(Fundings::map).list();
    }

    Optional<Funding> find(String id) {
        return jdbc.sql("SELECT * FROM campaign_fundings WHERE id = :id").param("id", id).query(Fundings::map).optional();
    }

    Optional<Funding> lock(String id) {
        return jdbc.sql("SELECT * FROM campaign_fundings WHERE id = :id FOR UPDATE").param("id", id).query(Fundings::map).optional();
    }

    List<Funding> ofCampaign(String campaignId) {
        return jdbc.sql("SELECT * FROM campaign_fundings WHERE campaign_id = :campaign ORDER BY created_at, id")
                .param("campaign", campaignId).query(Fundings::map).list();
    }

    void paymentStarted(String id, String paymentId, Instant now) {
        jdbc.sql("UPDATE campaign_fundings SET payment_id = :payment, updated_at = :now WHERE id = :id AND payment_id IS NULL")
                .param("id", id).param("payment", paymentId).param("now", Timestamp.from(now)).update();
    }

    boolean failed(String id, String code, Instant now) {
        return jdbc.sql("UPDATE campaign_fundings SET status = 'failed', failure_code = :code, updated_at = :now WHERE id = :id AND status = 'pending'")
                .param("id", id).param("code", code).param("now", Timestamp.from(now)).update() == 1;
    }

    void succeeded(String id, String paymentId, Instant now) {
        jdbc.sql("UPDATE campaign_fundings SET status = 'succeeded', payment_id = :payment, updated_at = :now WHERE id = :id")
                .param("id", id).param("payment", paymentId).param("now", Timestamp.from(now)).update();
    }

    void addRefunded(String id, long amount) {
        jdbc.sql("UPDATE campaign_fundings SET refunded = refunded + :amount WHERE id = :id").param("id", id)
                .param("amount", amount).update();
    }

    private static Funding map(ResultSet rs, int row) throws SQLException {
        return new Funding(rs.getString("id"), rs.getString("campaign_id"), rs.getInt("slots"), rs.getInt("target"),
                rs.getLong("amount"), rs.getString("currency"), rs.getString("status"), rs.getString("payment_id"),
                rs.getString("failure_code"), rs.getLong("refunded"), rs.getTimestamp("created_at").toInstant());
    }
}
