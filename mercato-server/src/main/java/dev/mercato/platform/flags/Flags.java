package dev.mercato.platform.flags;

import dev.mercato.platform.flags.Flag.Rule;
import dev.mercato.platform.flags.Flag.Slice;
import dev.mercato.platform.flags.Flag.Variant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The {@code feature_flags} table and the one-row {@code feature_flag_state} (version, kill switch). */
@Repository
class Flags {

    /** The version every change bumps, and the global kill switch. */
    record State(long version, boolean killSwitch, Instant updatedAt) {
    }

    private static final String COLUMNS = "key, description, type, variants, default_variant, environment_defaults, "
            + "off_variant, rules, rollout, enabled, version, created_at, updated_at";
    private static final TypeReference<List<Variant>> VARIANTS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> ENVIRONMENT_DEFAULTS = new TypeReference<>() {
    };
    private static final TypeReference<List<Rule>> RULES = new TypeReference<>() {
    };
    private static final TypeReference<List<Slice>> ROLLOUT = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Flags(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<Flag> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM feature_flags ORDER BY key").query(this::map).list();
    }

    /** Flags after {@code startingAfter} in key order, at most {@code limit}. */
    List<Flag> page(String startingAfter, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM feature_flags WHERE key > :after ORDER BY key LIMIT :limit")
                .param("after", startingAfter == null ? "" : startingAfter).param("limit", limit)
                .query(this::map).list();
    }

    Optional<Flag> find(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM feature_flags WHERE key = :key").param("key", key)
                .query(this::map).optional();
    }

    /** The flag, locked until the transaction ends, so two concurrent changes apply one after the other. */
    Optional<Flag> lock(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM feature_flags WHERE key = :key FOR UPDATE").param("key", key)
                .query(this::map).optional();
    }

    /** Inserts the flag; false when one with its key exists. */
    boolean insert(Flag flag) {
        return jdbc.sql("""
                INSERT INTO feature_flags (key, description, type, variants, default_variant, environment_defaults,
                  off_variant, rules, rollout, enabled, version, created_at, updated_at)
                VALUES (:key, :description, :type, :variants::jsonb, :defaultVariant, :environmentDefaults::jsonb,
                  :offVariant, :rules::jsonb, :rollout::jsonb, :enabled, :version, :createdAt, :updatedAt)
                ON CONFLICT (key) DO NOTHING""")
                .params(params(flag)).update() == 1;
    }

    void update(Flag flag) {
        jdbc.sql("""
                UPDATE feature_flags SET description = :description, variants = :variants::jsonb,
                  default_variant = :defaultVariant, environment_defaults = :environmentDefaults::jsonb,
                  off_variant = :offVariant, rules = :rules::jsonb, rollout = :rollout::jsonb, enabled = :enabled,
                  version = :version, updated_at = :updatedAt
                WHERE key = :key""")
                .params(params(flag)).update();
    }

    boolean delete(String key) {
        return jdbc.sql("DELETE FROM feature_flags WHERE key = :key").param("key", key).update() == 1;
    }

    State state() {
        return jdbc.sql("SELECT version, kill_switch, updated_at FROM feature_flag_state")
                .query((rs, n) -> new State(rs.getLong(1), rs.getBoolean(2), rs.getTimestamp(3).toInstant())).single();
    }

    long version() {
        return jdbc.sql("SELECT version FROM feature_flag_state").query(Long.class).single();
    }

    /**
     * Marks a change: instances whose snapshot is older reload. Called in the changing transaction,
     * so the row lock also puts concurrent changes in one order.
     */
    State changed(Instant at) {
        return setKillSwitch(null, at);
    }

    /** Sets the global kill switch (null keeps it) and bumps the version. */
    State setKillSwitch(Boolean engaged, Instant at) {
        return jdbc.sql("""
                UPDATE feature_flag_state SET version = version + 1, kill_switch = COALESCE(CAST(:engaged AS BOOLEAN), kill_switch),
                  updated_at = :at
                RETURNING version, kill_switch, updated_at""")
                .param("engaged", engaged).param("at", Timestamp.from(at))
                .query((rs, n) -> new State(rs.getLong(1), rs.getBoolean(2), rs.getTimestamp(3).toInstant())).single();
    }

    private Map<String, Object> params(Flag flag) {
        return Map.ofEntries(Map.entry("key", flag.key()), Map.entry("description", flag.description()),
                Map.entry("type", flag.type().code()), Map.entry("variants", json.writeValueAsString(flag.variants())),
                Map.entry("defaultVariant", flag.defaultVariant()),
                Map.entry("environmentDefaults", json.writeValueAsString(flag.environmentDefaults())),
                Map.entry("offVariant", flag.offVariant()), Map.entry("rules", json.writeValueAsString(flag.rules())),
                Map.entry("rollout", json.writeValueAsString(flag.rollout())), Map.entry("enabled", flag.enabled()),
                Map.entry("version", flag.version()), Map.entry("createdAt", Timestamp.from(flag.createdAt())),
                Map.entry("updatedAt", Timestamp.from(flag.updatedAt())));
    }

    private Flag map(ResultSet rs, int row) throws SQLException {
        return new Flag(rs.getString("key"), rs.getString("description"),
                Flag.Type.valueOf(rs.getString("type").toUpperCase()),
                json.readValue(rs.getString("variants"), VARIANTS), rs.getString("default_variant"),
                json.readValue(rs.getString("environment_defaults"), ENVIRONMENT_DEFAULTS), rs.getString("off_variant"),
                json.readValue(rs.getString("rules"), RULES), json.readValue(rs.getString("rollout"), ROLLOUT),
                rs.getBoolean("enabled"), rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
