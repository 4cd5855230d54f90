package dev.mercato.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeys {

    /** What authentication needs about a key: its owner, the owner's role and whether it still works. */
    record Credential(String keyId, String userId, User.Role role, boolean revoked, Instant lastUsedAt) {
    }

    private static final String COLUMNS = "id, user_id, name, key_hint, created_at, last_used_at, revoked_at";

    private final JdbcClient jdbc;

    ApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey key, byte[] hash) {
        jdbc.sql("""
                INSERT INTO api_keys (id, user_id, name, key_hash, key_hint, created_at)
                VALUES (:id, :userId, :name, :hash, :hint, :createdAt)""")
                .param("id", key.id()).param("userId", key.userId()).param("name", key.name())
                .param("hash", hash).param("hint", key.hint()).param("createdAt", Timestamp.from(key.createdAt()))
                .update();
    }

    Optional<Credential> credential(byte[] hash) {
        return jdbc.sql("""
                SELECT k.id, k.user_id, u.role, k.revoked_at IS NOT NULL, k.last_used_at
                FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = :hash""")
                .param("hash", hash)
                .query((rs, n) -> new Credential(rs.getString(1), rs.getString(2), User.Role.of(rs.getString(3)),
                        rs.getBoolean(4), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .optional();
    }

    Optional<ApiKey> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id").param("id", id).query(this::map)
                .optional();
    }

    List<ApiKey> ofUser(String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE user_id = :userId ORDER BY id")
                .param("userId", userId).query(this::map).list();
    }

    Optional<ApiKey> revoke(String id, Instant at) {
        jdbc.sql("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .param("id", id).param("at", Timestamp.from(at)).update();
        return find(id);
    }

    void touch(String id, Instant at) {
        jdbc.sql("UPDATE api_keys SET last_used_at = :at WHERE id = :id")
                .param("id", id).param("at", Timestamp.from(at)).update();
    }

    private ApiKey map(ResultSet rs, int row) throws SQLException {
        Timestamp used = rs.getTimestamp("last_used_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getString("id"), rs.getString("user_id"), rs.getString("name"), rs.getString("key_hint"),
                rs.getTimestamp("created_at").toInstant(), used == null ? null : used.toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
