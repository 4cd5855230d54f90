package dev.mercato.webhooks;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Endpoints {

    /** What signing needs: the URL and the secrets that sign now. */
    record Target(String id, String url, List<String> secrets) {
    }

    /** The endpoint's health after a failed attempt. */
    record Failing(Instant failingSince, boolean enabled) {
    }

    private final JdbcClient jdbc;

    Endpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(WebhookEndpoint e, String secret) {
        jdbc.sql("""
                INSERT INTO webhook_endpoints (id, url, description, enabled_events, secret, status, created_at, updated_at)
                VALUES (:id, :url, :description, :events, :secret, 'enabled', :at, :at)""")
                .param("id", e.id()).param("url", e.url()).param("description", e.description())
                .param("events", e.enabledEvents().toArray(String[]::new)).param("secret", secret)
                .param("at", Timestamp.from(e.createdAt()))
                .update();
    }

    Optional<WebhookEndpoint> find(String id) {
        return jdbc.sql("SELECT * FROM webhook_endpoints WHERE id = :id").param("id", id).query(this::map).optional();
    }

    List<WebhookEndpoint> list(String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM webhook_endpoints WHERE (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("after", startingAfter).param("limit", limit).query(this::map).list();
    }

    /** Ids of the enabled endpoints that want events of this type. */
    List<String> enabledFor(String type) {
        return jdbc.sql("""
                SELECT id FROM webhook_endpoints
                WHERE status = 'enabled' AND (:type = ANY (enabled_events) OR '*' = ANY (enabled_events))""")
                .param("type", type).query(String.class).list();
    }

    Optional<Target> target(String id, Instant now) {
        return jdbc.sql("SELECT id, url, secret, previous_secret, previous_secret_expires_at FROM webhook_endpoints WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> {
                    List<String> secrets = new ArrayList<>(List.of(rs.getString("secret")));
                    Timestamp until = rs.getTimestamp("previous_secret_expires_at");
                    if (until != null && until.toInstant().isAfter(now)) {
                        secrets.add(rs.getString("previous_secret"));
                    }
                    return new Target(rs.getString("id"), rs.getString("url"), List.copyOf(secrets));
                })
                .optional();
    }

    void update(String id, String url, String description, List<String> enabledEvents, Instant now) {
        jdbc.sql("""
                UPDATE webhook_endpoints SET url = :url, description = :description, enabled_events = :events,
                       updated_at = :now WHERE id = :id""")
                .param("id", id).param("url", url).param("description", description)
                .param("events", enabledEvents.toArray(String[]::new)).param("now", Timestamp.from(now))
                .update();
    }

    void rotate(String id, String secret, Instant previousUntil, Instant now) {
        jdbc.sql("""
                UPDATE webhook_endpoints SET previous_secret = CASE WHEN CAST(:until AS timestamptz) IS NULL THEN NULL ELSE secret END,
                       previous_secret_expires_at = :until, secret = :secret, updated_at = :now
                WHERE id = :id""")
                .param("id", id).param("secret", secret)
                .param("until", previousUntil == null ? null : Timestamp.from(previousUntil))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Disables an enabled endpoint; false if it was not enabled. */
    boolean disable(String id, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = :reason, disabled_at = :now,
                       updated_at = :now WHERE id = :id AND status = 'enabled'""")
                .param("id", id).param("reason", reason).param("now", Timestamp.from(now)).update() == 1;
    }

    /** Enables the endpoint with a clean record: it is judged on deliveries from now on. */
    void enable(String id, Instant now) {
        jdbc.sql("""
                UPDATE webhook_endpoints SET status = 'enabled', disabled_reason = NULL, disabled_at = NULL,
                       failing_since = NULL, updated_at = :now WHERE id = :id AND status = 'disabled'""")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM webhook_endpoints WHERE id = :id").param("id", id).update() == 1;
    }

    void succeeded(String id) {
        jdbc.sql("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = :id AND failing_since IS NOT NULL")
                .param("id", id).update();
    }

    /** Records a failed attempt at {@code at}; returns since when the endpoint has been failing. */
    Optional<Failing> failed(String id, Instant at) {
        return jdbc.sql("""
                UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, :at) WHERE id = :id
                RETURNING failing_since, status""")
                .param("id", id).param("at", Timestamp.from(at))
                .query((rs, n) -> new Failing(rs.getTimestamp("failing_since").toInstant(),
                        rs.getString("status").equals("enabled")))
                .optional();
    }

    private WebhookEndpoint map(ResultSet rs, int n) throws SQLException {
        Array events = rs.getArray("enabled_events");
        return new WebhookEndpoint(rs.getString("id"), rs.getString("url"), rs.getString("description"),
                List.of((String[]) events.getArray()), rs.getString("status").equals("enabled"),
                rs.getString("disabled_reason"), instant(rs, "disabled_at"), instant(rs, "previous_secret_expires_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
