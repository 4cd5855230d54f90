package dev.mercato.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

@Repository
class EntitlementOverrides {

    /** An operator's grant for one user and feature, replacing the plan's until it expires. */
    record Override(String feature, Feature spec, Instant expiresAt, String note) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    EntitlementOverrides(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void put(String userId, Override o, Instant now) {
        jdbc.sql("""
                INSERT INTO billing_entitlement_overrides (user_id, feature, spec, expires_at, note, created_at, updated_at)
                VALUES (:user, :feature, :spec::jsonb, :expires, :note, :now, :now)
                ON CONFLICT (user_id, feature) DO UPDATE SET spec = EXCLUDED.spec, expires_at = EXCLUDED.expires_at,
                       note = EXCLUDED.note, updated_at = EXCLUDED.updated_at""")
                .param("user", userId).param("feature", o.feature()).param("spec", json.writeValueAsString(o.spec()))
                .param("expires", o.expiresAt() == null ? null : Timestamp.from(o.expiresAt())).param("note", o.note())
                .param("now", Timestamp.from(now)).update();
    }

    boolean remove(String userId, String feature) {
        return jdbc.sql("DELETE FROM billing_entitlement_overrides WHERE user_id = :user AND feature = :feature")
                .param("user", userId).param("feature", feature).update() == 1;
    }

    List<Override> of(String userId) {
        return jdbc.sql("SELECT feature, spec, expires_at, note FROM billing_entitlement_overrides WHERE user_id = :user"
                        + " ORDER BY feature")
                .param("user", userId)
                .query((rs, row) -> new Override(rs.getString("feature"), json.readValue(rs.getString("spec"), Feature.class),
                        rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant(),
                        rs.getString("note")))
                .list();
    }
}
