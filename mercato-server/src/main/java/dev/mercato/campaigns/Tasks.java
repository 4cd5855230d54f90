package dev.mercato.campaigns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The campaign_tasks table: one row per responder and campaign. */
@Repository
class Tasks {

    private final JdbcClient jdbc;

    Tasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the task unless the responder already has one on this campaign. */
    boolean insert(CampaignTask t) {
        return jdbc.sql("""
                INSERT INTO campaign_tasks (id, campaign_id, responder_id, status, accepted_at, expires_at, ended_at)
                VALUES (:id, :campaign, :responder, :status, :accepted, :expires, :ended) ON CONFLICT (campaign_id, responder_id) DO NOTHING""")
                .param("id", t.id()).param("campaign", t.campaignId()).param("responder", t.responderId())
                .param("status", t.status()).param("accepted", Timestamp.from(t.acceptedAt()))
                .param("expires", Timestamp.from(t.expiresAt()))
                .param("ended", t.endedAt() == null ? null : Timestamp.from(t.endedAt())).update() == 1;
    }

    Optional<CampaignTask> find(String id) {
        return jdbc.sql("SELECT * FROM campaign_tasks WHERE id = :id").param("id", id).query(Tasks::map).optional();
    }

    Optional<CampaignTask> of(String campaignId, String responderId) {
        return jdbc.sql("SELECT * FROM campaign_tasks WHERE campaign_id = :campaign AND responder_id = :responder")
                .param("campaign", campaignId).param("responder", responderId).query(Tasks::map).optional();
    }

    int activeOf(String responderId, Instant now) {
        return jdbc.sql("SELECT count(*) FROM campaign_tasks WHERE responder_id = :responder AND status = 'reserved' AND expires_at > :now")
                .param("responder", responderId).param("now", Timestamp.from(now)).query(Integer.class).single();
    }

    /** Marks a reserved, unexpired task submitted; false when it is not (any more) reserved or its time ran out. */
    boolean submit(String id, Instant now) {
        return jdbc.sql("""
                UPDATE campaign_tasks SET status = 'submitted', ended_at = :now
                WHERE id = :id AND status = 'reserved' AND expires_at > :now""")
                .param("id", id).param("now", Timestamp.from(now)).update() == 1;
    }

    /** Ends the campaign's reserved tasks that are due (or all of them), returning how many: their slots are free. */
    int end(String campaignId, String status, Instant dueBy, Instant now) {
        return jdbc.sql("""
                UPDATE campaign_tasks SET status = :status, ended_at = :now
                WHERE campaign_id = :campaign AND status = 'reserved' AND (CAST(:due AS timestamptz) IS NULL OR expires_at <= :due)""")
                .param("status", status).param("campaign", campaignId).param("now", Timestamp.from(now))
                .param("due", dueBy == null ? null : Timestamp.from(dueBy)).update();
    }

    /** Campaigns with reserved tasks whose time ran out. */
    List<String> campaignsWithExpired(Instant now, int limit) {
        return jdbc.sql("""
                SELECT DISTINCT campaign_id FROM campaign_tasks WHERE status = 'reserved' AND expires_at <= :now LIMIT :limit""")
                .param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    private static CampaignTask map(ResultSet rs, int row) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new CampaignTask(rs.getString("id"), rs.getString("campaign_id"), rs.getString("responder_id"),
                rs.getString("status"), rs.getTimestamp("accepted_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                ended == null ? null : ended.toInstant());
    }
}
