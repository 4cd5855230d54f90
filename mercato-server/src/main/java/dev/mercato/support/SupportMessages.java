package dev.mercato.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SupportMessages {

    private final JdbcClient jdbc;

    SupportMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(SupportMessage m) {
        jdbc.sql("""
                INSERT INTO support_messages (id, user_id, email, subject, body, mail_id, created_at)
                VALUES (:id, :user, :email, :subject, :body, :mail, :at)""")
                .param("id", m.id()).param("user", m.userId()).param("email", m.email()).param("subject", m.subject())
                .param("body", m.body()).param("mail", m.mailId()).param("at", Timestamp.from(m.createdAt()))
                .update();
    }

    /** Newest first, optionally of one user. */
    List<SupportMessage> list(String userId, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM support_messages
                WHERE (CAST(:user AS text) IS NULL OR user_id = :user) AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("user", userId).param("after", startingAfter).param("limit", limit)
                .query(SupportMessages::map).list();
    }

    private static SupportMessage map(ResultSet rs, int row) throws SQLException {
        return new SupportMessage(rs.getString("id"), rs.getString("user_id"), rs.getString("email"), rs.getString("subject"),
                rs.getString("body"), rs.getString("mail_id"), rs.getTimestamp("created_at").toInstant());
    }
}
