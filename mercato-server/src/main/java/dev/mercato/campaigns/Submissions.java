package dev.mercato.campaigns;

import dev.mercato.verification.Verdict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** The campaign_submissions table. */
@Repository
class Submissions {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Submissions(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(String id, CampaignTask task, String text, int words, long secondsSpent, Instant now) {
        jdbc.sql("""
                INSERT INTO campaign_submissions (id, task_id, campaign_id, responder_id, text, words, seconds_spent, status, submitted_at)
                VALUES (:id, :task, :campaign, :responder, :text, :words, :seconds, 'verifying', :now)""")
                .param("id", id).param("task", task.id()).param("campaign", task.campaignId())
                .param("responder", task.responderId()).param("text", text).param("words", words)
                .param("seconds", secondsSpent).param("now", Timestamp.from(now)).update();
    }

    Optional<Submission> find(String id) {
        return jdbc.sql("SELECT * FROM campaign_submissions WHERE id = :id").param("id", id).query(this::map).optional();
    }

    Optional<Submission> lock(String id) {
        return jdbc.sql("SELECT * FROM campaign_submissions WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    Optional<Submission> ofTask(String taskId) {
        return jdbc.sql("SELECT * FROM campaign_submissions WHERE task_id = :task").param("task", taskId).query(this::map).optional();
    }

    /** A campaign's submissions, oldest first, optionally in one status. */
    List<Submission> ofCampaign(String campaignId, String status, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM campaign_submissions WHERE campaign_id = :campaign
                  AND (CAST(:status AS text) IS NULL OR status = :status) AND (CAST(:after AS text) IS NULL OR id > :after)
                ORDER BY id LIMIT :limit""")
                .param("campaign", campaignId).param("status", status).param("after", startingAfter).param("limit", limit)
                .query(this::map).list();
    }

    void verified(String id, SubmissionStatus status, Verdict verdict, Instant reviewDueAt, boolean holdsSlot, Instant now) {
        jdbc.sql("""
                UPDATE campaign_submissions SET status = :status, outcome = :outcome, score = :score, verdict = :verdict::jsonb,
                  review_due_at = :due, holds_slot = :holds, decided_at = :now WHERE id = :id""")
                .param("id", id).param("status", status.code()).param("outcome", verdict.outcome().name().toLowerCase())
                .param("score", verdict.score()).param("verdict", json.writeValueAsString(verdict))
                .param("due", reviewDueAt == null ? null : Timestamp.from(reviewDueAt)).param("holds", holdsSlot)
                .param("now", Timestamp.from(now)).update();
    }

    void paid(String id, String approvedBy, long earned, long protocolFee, long processorFee, String transactionId, Instant now) {
        jdbc.sql("""
                UPDATE campaign_submissions SET status = 'paid', holds_slot = FALSE, approved_by = :approver, earned = :earned,
                  protocol_fee = :protocol, processor_fee = :processor, transaction_id = :txn, decided_at = :now WHERE id = :id""")
                .param("id", id).param("approver", approvedBy).param("earned", earned).param("protocol", protocolFee)
                .param("processor", processorFee).param("txn", transactionId).param("now", Timestamp.from(now)).update();
    }

    void rejected(String id, String reason, String category, String by, Instant appealUntil, boolean holdsSlot, Instant now) {
        jdbc.sql("""
                UPDATE campaign_submissions SET status = 'rejected', rejection_reason = :reason, rejection_category = :category,
                  rejected_by = :by, rejected_at = :now, appeal_until = :until, holds_slot = :holds, decided_at = :now WHERE id = :id""")
                .param("id", id).param("reason", reason).param("category", category).param("by", by)
                .param("until", appealUntil == null ? null : Timestamp.from(appealUntil)).param("holds", holdsSlot)
                .param("now", Timestamp.from(now)).update();
    }

    void appealed(String id, String text, Instant reviewDueAt, Instant now) {
        jdbc.sql("""
                UPDATE campaign_submissions SET status = 'in_review', appeal_text = :text, appealed_at = :now, appeal_until = NULL,
                  review_due_at = :due WHERE id = :id""")
                .param("id", id).param("text", text).param("due", Timestamp.from(reviewDueAt)).param("now", Timestamp.from(now))
                .update();
    }

    void releaseSlot(String id) {
        jdbc.sql("UPDATE campaign_submissions SET holds_slot = FALSE WHERE id = :id").param("id", id).update();
    }

    int rejectionsBy(String buyerId, Instant since) {
        return jdbc.sql("SELECT count(*) FROM campaign_submissions WHERE rejected_by = :buyer AND rejected_at > :since")
                .param("buyer", buyerId).param("since", Timestamp.from(since)).query(Integer.class).single();
    }

    List<String> reviewDue(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM campaign_submissions WHERE status = 'in_review' AND review_due_at <= :now ORDER BY review_due_at LIMIT :limit")
                .param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    List<String> appealWindowOver(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM campaign_submissions WHERE status = 'rejected' AND holds_slot AND appeal_until <= :now
                ORDER BY appeal_until LIMIT :limit""")
                .param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    List<String> stuckVerifying(Instant before, int limit) {
        return jdbc.sql("SELECT id FROM campaign_submissions WHERE status = 'verifying' AND submitted_at <= :before ORDER BY submitted_at LIMIT :limit")
                .param("before", Timestamp.from(before)).param("limit", limit).query(String.class).list();
    }

    private Submission map(ResultSet rs, int row) throws SQLException {
        String verdict = rs.getString("verdict");
        return new Submission(rs.getString("id"), rs.getString("task_id"), rs.getString("campaign_id"),
                rs.getString("responder_id"), rs.getString("text"), rs.getInt("words"), rs.getLong("seconds_spent"),
                SubmissionStatus.of(rs.getString("status")), verdict == null ? null : json.readValue(verdict, Verdict.class),
                rs.getBoolean("holds_slot"), instant(rs, "review_due_at"), rs.getString("rejection_reason"),
                rs.getString("rejection_category"), rs.getString("rejected_by"), instant(rs, "rejected_at"),
                instant(rs, "appeal_until"), rs.getString("appeal_text"), instant(rs, "appealed_at"),
                rs.getString("approved_by"), (Long) rs.getObject("earned"), (Long) rs.getObject("protocol_fee"),
                (Long) rs.getObject("processor_fee"), rs.getString("transaction_id"), instant(rs, "submitted_at"),
                instant(rs, "decided_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
