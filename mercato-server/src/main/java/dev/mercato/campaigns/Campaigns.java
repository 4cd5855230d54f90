package dev.mercato.campaigns;

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

/**
 * The campaigns table. Slot counters change only through the conditional updates here, each of
 * which locks the campaign's row; the table's check constraint refuses any update that would
 * reserve or pay more slots than were funded.
 */
@Repository
class Campaigns {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<ScreeningQuestion>> SCREENING = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Campaigns(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Campaign c) {
        jdbc.sql("""
                INSERT INTO campaigns (id, buyer_id, title, questions, guidance, screening, currency, reward, slot_fee, target,
                  minimum_words, pass_threshold, borderline_threshold, auto_approve_days, reservation_minutes, deadline,
                  status, created_at, updated_at)
                VALUES (:id, :buyer, :title, :questions::jsonb, :guidance, :screening::jsonb, :currency, :reward, :fee, :target,
                  :words, :pass, :borderline, :autoApprove, :minutes, :deadline, 'draft', :at, :at)""")
                .param("id", c.id()).param("buyer", c.buyerId()).param("title", c.title())
                .param("questions", json.writeValueAsString(c.questions())).param("guidance", c.guidance())
                .param("screening", json.writeValueAsString(c.screening())).param("currency", c.currency())
                .param("reward", c.reward()).param("fee", c.slotFee()).param("target", c.target())
                .param("words", c.minimumWords()).param("pass", c.passThreshold()).param("borderline", c.borderlineThreshold())
                .param("autoApprove", c.autoApproveDays()).param("minutes", c.reservationMinutes())
                .param("deadline", Timestamp.from(c.deadline())).param("at", Timestamp.from(c.createdAt()))
                .update();
    }

    Optional<Campaign> find(String id) {
        return jdbc.sql("SELECT * FROM campaigns WHERE id = :id").param("id", id).query(this::map).optional();
    }

    Optional<Campaign> lock(String id) {
        return jdbc.sql("SELECT * FROM campaigns WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    /** Open campaigns (newest first), or the given buyer's in any status. */
    List<Campaign> list(String buyerId, String status, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM campaigns WHERE (CAST(:buyer AS text) IS NULL OR buyer_id = :buyer)
                  AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("buyer", buyerId).param("status", status).param("after", startingAfter).param("limit", limit)
                .query(this::map).list();
    }

    /** Takes one free slot for a new task, if the campaign is open and has one. */
    Optional<Campaign> reserveSlot(String id, Instant now) {
        return jdbc.sql("""
                UPDATE campaigns SET reserved = reserved + 1, updated_at = :now
                WHERE id = :id AND status = 'open' AND deadline > :now AND reserved + reviewing + paid + refunded < funded
                RETURNING *""").param("id", id).param("now", Timestamp.from(now)).query(this::map).optional();
    }

    /**
     * Moves slots between the counters in one locked update (negative deltas release); the check
     * constraint refuses any result that would exceed the funding.
     */
    Campaign move(String id, int reserved, int reviewing, int paid, int refunded, Instant now) {
        return jdbc.sql("""
                UPDATE campaigns SET reserved = reserved + :reserved, reviewing = reviewing + :reviewing, paid = paid + :paid,
                  refunded = refunded + :refunded, updated_at = :now WHERE id = :id RETURNING *""")
                .param("id", id).param("reserved", reserved).param("reviewing", reviewing).param("paid", paid)
                .param("refunded", refunded).param("now", Timestamp.from(now)).query(this::map).single();
    }

    Campaign funded(String id, int target, int funded, CampaignStatus status, Instant now) {
        return jdbc.sql("""
                UPDATE campaigns SET target = :target, funded = :funded, status = :status, updated_at = :now
                WHERE id = :id RETURNING *""")
                .param("id", id).param("target", target).param("funded", funded).param("status", status.code())
                .param("now", Timestamp.from(now)).query(this::map).single();
    }

    Campaign ended(String id, CampaignStatus status, Instant now) {
        return jdbc.sql("UPDATE campaigns SET status = :status, ended_at = :now, updated_at = :now WHERE id = :id RETURNING *")
                .param("id", id).param("status", status.code()).param("now", Timestamp.from(now)).query(this::map).single();
    }

    /** Open or draft campaigns whose deadline has passed. */
    List<String> pastDeadline(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM campaigns WHERE status IN ('open', 'draft') AND deadline <= :now ORDER BY deadline LIMIT :limit""")
                .param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    private Campaign map(ResultSet rs, int row) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Campaign(rs.getString("id"), rs.getString("buyer_id"), rs.getString("title"),
                json.readValue(rs.getString("questions"), STRINGS), rs.getString("guidance"),
                json.readValue(rs.getString("screening"), SCREENING), rs.getString("currency"), rs.getLong("reward"),
                rs.getLong("slot_fee"), rs.getInt("target"), rs.getInt("funded"), rs.getInt("reserved"),
                rs.getInt("reviewing"), rs.getInt("paid"), rs.getInt("refunded"), rs.getInt("minimum_words"),
                rs.getDouble("pass_threshold"), rs.getDouble("borderline_threshold"), rs.getInt("auto_approve_days"),
                rs.getInt("reservation_minutes"), rs.getTimestamp("deadline").toInstant(),
                CampaignStatus.of(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), ended == null ? null : ended.toInstant());
    }
}
