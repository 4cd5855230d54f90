package dev.mercato.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consumes the caller named with an id, so a retry answers the first outcome. */
@Repository
class Consumes {

    record Consume(String feature, long quantity, String source, long credits, String drawId) {
    }

    private final JdbcClient jdbc;

    Consumes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Consume> find(String userId, String consumeId) {
        return jdbc.sql("SELECT feature, quantity, source, credits, draw_id FROM billing_consumes WHERE user_id = :user AND consume_id = :id")
                .param("user", userId).param("id", consumeId)
                .query((rs, n) -> new Consume(rs.getString("feature"), rs.getLong("quantity"), rs.getString("source"),
                        rs.getLong("credits"), rs.getString("draw_id")))
                .optional();
    }

    /** @return false when a consume with this id committed first (a concurrent retry) */
    boolean insert(String userId, String consumeId, Consume consume, Instant now) {
        return jdbc.sql("""
                INSERT INTO billing_consumes (user_id, consume_id, feature, quantity, source, credits, draw_id, created_at)
                VALUES (:user, :id, :feature, :quantity, :source, :credits, :draw, :now) ON CONFLICT DO NOTHING""")
                .param("user", userId).param("id", consumeId).param("feature", consume.feature())
                .param("quantity", consume.quantity()).param("source", consume.source()).param("credits", consume.credits())
                .param("draw", consume.drawId()).param("now", Timestamp.from(now)).update() == 1;
    }
}
