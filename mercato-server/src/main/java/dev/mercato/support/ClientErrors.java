package dev.mercato.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ClientErrors {

    private final JdbcClient jdbc;

    ClientErrors(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ClientError e) {
        jdbc.sql("""
                INSERT INTO client_errors (id, user_id, message, stack, url, user_agent, release, context, created_at)
                VALUES (:id, :user, :message, :stack, :url, :agent, :release, :context::jsonb, :at)""")
                .param("id", e.id()).param("user", e.userId()).param("message", e.message()).param("stack", e.stack())
                .param("url", e.url()).param("agent", e.userAgent()).param("release", e.release())
                .param("context", e.context()).param("at", Timestamp.from(e.createdAt()))
                .update();
    }

    /** Newest first; each filter may be null. */
    List<ClientError> list(String release, String userId, Instant since, Instant until, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT id, user_id, message, stack, url, user_agent, release, context::text AS context, created_at
                FROM client_errors
                WHERE (CAST(:release AS text) IS NULL OR release = :release)
                  AND (CAST(:user AS text) IS NULL OR user_id = :user)
                  AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)
                  AND (CAST(:until AS timestamptz) IS NULL OR created_at < :until)
                  AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("release", release).param("user", userId)
                .param("since", since == null ? null : Timestamp.from(since))
                .param("until", until == null ? null : Timestamp.from(until))
                .param("after", startingAfter).param("limit", limit)
                .query(ClientErrors::map).list();
    }

    private static ClientError map(ResultSet rs, int row) throws SQLException {
        return new ClientError(rs.getString("id"), rs.getString("user_id"), rs.getString("message"), rs.getString("stack"),
                rs.getString("url"), rs.getString("user_agent"), rs.getString("release"), rs.getString("context"),
                rs.getTimestamp("created_at").toInstant());
    }
}
