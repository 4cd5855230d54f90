package dev.mercato.notifications;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The email categories each user has turned off. */
@Repository
class EmailOptOuts {

    private final JdbcClient jdbc;

    EmailOptOuts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean optedOut(String userId, EmailCategory category) {
        return jdbc.sql("SELECT count(*) FROM email_opt_outs WHERE user_id = :user AND category = :category")
                .param("user", userId).param("category", category.code()).query(Long.class).single() > 0;
    }

    List<EmailCategory> of(String userId) {
        return jdbc.sql("SELECT category FROM email_opt_outs WHERE user_id = :user ORDER BY category").param("user", userId)
                .query(String.class).list().stream().map(EmailCategory::of).toList();
    }

    void optOut(String userId, EmailCategory category, Instant at) {
        jdbc.sql("INSERT INTO email_opt_outs (user_id, category, created_at) VALUES (:user, :category, :at) ON CONFLICT DO NOTHING")
                .param("user", userId).param("category", category.code()).param("at", Timestamp.from(at)).update();
    }

    void optIn(String userId, EmailCategory category) {
        jdbc.sql("DELETE FROM email_opt_outs WHERE user_id = :user AND category = :category")
                .param("user", userId).param("category", category.code()).update();
    }
}
