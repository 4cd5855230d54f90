package dev.mercato.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mail_outbox table: emails written with their cause, claimed and delivered by the sender. */
@Repository
class MailOutbox {

    private final JdbcClient jdbc;

    MailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the email unless one with the same key exists; returns the id of the email under that key. */
    String insert(String dedupeKey, OutboxMail m) {
        Optional<String> inserted = jdbc.sql("""
                INSERT INTO mail_outbox (id, dedupe_key, template, category, user_id, recipient, reply_to, subject, text_body,
                                         html_body, status, note, next_attempt_at, created_at, updated_at)
                VALUES (:id, :key, :template, :category, :user, :recipient, :replyTo, :subject, :text, :html, :status, :note,
                        :at, :at, :at)
                ON CONFLICT (dedupe_key) DO NOTHING RETURNING id""")
                .param("id", m.id()).param("key", dedupeKey).param("template", m.template())
                .param("category", m.category().code()).param("user", m.userId()).param("recipient", m.recipient())
                .param("replyTo", m.replyTo()).param("subject", m.subject()).param("text", m.text()).param("html", m.html())
                .param("status", m.status().code()).param("note", m.note()).param("at", Timestamp.from(m.createdAt()))
                .query(String.class).optional();
        return inserted.orElseGet(() -> jdbc.sql("SELECT id FROM mail_outbox WHERE dedupe_key = :key")
                .param("key", dedupeKey).query(String.class).single());
    }

    /**
     * Claims due pending emails for this sender until {@code leaseUntil}, so another instance's
     * sender skips them; if this one dies mid-send they become due again then.
     */
    List<OutboxMail> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                UPDATE mail_outbox SET next_attempt_at = :lease
                WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= :now
                             ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING *""")
                .param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseUntil)).param("limit", limit)
                .query(MailOutbox::map).list();
    }

    /** Without SMTP, every pending email is kept for operators to read; returns how many. */
    int keepPending(Instant at) {
        return jdbc.sql("""
                UPDATE mail_outbox SET status = 'kept', note = 'no SMTP server configured', updated_at = :at
                WHERE status = 'pending'""")
                .param("at", Timestamp.from(at)).update();
    }

    void sent(String id, Instant at) {
        jdbc.sql("""
                UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, note = NULL, sent_at = :at, updated_at = :at
                WHERE id = :id""")
                .param("id", id).param("at", Timestamp.from(at)).update();
    }

    void retryAt(String id, Instant next, String error, Instant at) {
        jdbc.sql("""
                UPDATE mail_outbox SET attempts = attempts + 1, note = :error, next_attempt_at = :next, updated_at = :at
                WHERE id = :id""")
                .param("id", id).param("error", error).param("next", Timestamp.from(next)).param("at", Timestamp.from(at))
                .update();
    }

    void failed(String id, String error, Instant at) {
        jdbc.sql("UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, note = :error, updated_at = :at WHERE id = :id")
                .param("id", id).param("error", error).param("at", Timestamp.from(at)).update();
    }

    /** Deletes finished email (anything but pending) created before {@code before}, at most {@code limit} rows. */
    int pruneBefore(Instant before, int limit) {
        return jdbc.sql("""
                DELETE FROM mail_outbox WHERE id IN (
                  SELECT id FROM mail_outbox WHERE status <> 'pending' AND created_at < :before ORDER BY created_at LIMIT :limit)""")
                .param("before", Timestamp.from(before)).param("limit", limit).update();
    }

    long pending() {
        return jdbc.sql("SELECT count(*) FROM mail_outbox WHERE status = 'pending'").query(Long.class).single();
    }

    Optional<OutboxMail> find(String id) {
        return jdbc.sql("SELECT * FROM mail_outbox WHERE id = :id").param("id", id).query(MailOutbox::map).optional();
    }

    /** Newest first, optionally only to one recipient or user, of one template or in one status. */
    List<OutboxMail> list(String recipient, String userId, String template, String status, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM mail_outbox
                WHERE (CAST(:recipient AS text) IS NULL OR lower(recipient) = lower(:recipient))
                  AND (CAST(:user AS text) IS NULL OR user_id = :user)
                  AND (CAST(:template AS text) IS NULL OR template = :template)
                  AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("recipient", recipient).param("user", userId).param("template", template).param("status", status)
                .param("after", startingAfter).param("limit", limit)
                .query(MailOutbox::map).list();
    }

    private static OutboxMail map(ResultSet rs, int row) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new OutboxMail(rs.getString("id"), rs.getString("template"), EmailCategory.of(rs.getString("category")),
                rs.getString("user_id"), rs.getString("recipient"), rs.getString("reply_to"), rs.getString("subject"),
                rs.getString("text_body"), rs.getString("html_body"), MailStatus.of(rs.getString("status")),
                rs.getString("note"), rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(),
                rs.getTimestamp("created_at").toInstant(), sent == null ? null : sent.toInstant());
    }
}
