package dev.mercato.platform.idempotency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code idempotency_records} table, shared by every Mercato instance on the database. */
@Repository
class IdempotencyRecords {

    record StoredResponse(int status, String contentType, byte[] body) {
    }

    record Record(byte[] requestHash, boolean completed, Instant lockedUntil, Instant expiresAt,
            StoredResponse response) {
    }

    private final JdbcClient jdbc;

    IdempotencyRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key for this request; false when another request already holds or completed it. */
    boolean claim(String scope, String key, byte[] requestHash, Instant now, Instant lockedUntil, Instant expiresAt) {
        return jdbc.sql("""
                INSERT INTO idempotency_records (scope, idempotency_key, request_hash, state, locked_until, created_at, expires_at)
                VALUES (:scope, :key, :hash, 'in_progress', :lockedUntil, :now, :expiresAt)
                ON CONFLICT DO NOTHING""")
                .param("scope", scope).param("key", key).param("hash", requestHash)
                .param("lockedUntil", Timestamp.from(lockedUntil)).param("now", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(expiresAt))
                .update() == 1;
    }

    Optional<Record> find(String scope, String key) {
        return jdbc.sql("""
                SELECT request_hash, state, locked_until, expires_at, response_status, response_type, response_body
                FROM idempotency_records WHERE scope = :scope AND idempotency_key = :key""")
                .param("scope", scope).param("key", key)
                .query((rs, n) -> new Record(rs.getBytes(1), "completed".equals(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(),
                        rs.getObject(5) == null ? null
                                : new StoredResponse(rs.getInt(5), rs.getString(6), rs.getBytes(7))))
                .optional();
    }

    /** Takes over a key whose holder's lease ran out (its instance died mid-request) or whose record expired. */
    boolean takeOver(String scope, String key, byte[] requestHash, Instant now, Instant lockedUntil, Instant expiresAt) {
        return jdbc.sql("""
                UPDATE idempotency_records
                SET request_hash = :hash, state = 'in_progress', locked_until = :lockedUntil, created_at = :now,
                    expires_at = :expiresAt, response_status = NULL, response_type = NULL, response_body = NULL
                WHERE scope = :scope AND idempotency_key = :key
                  AND ((state = 'in_progress' AND locked_until < :now) OR expires_at < :now)""")
                .param("scope", scope).param("key", key).param("hash", requestHash)
                .param("lockedUntil", Timestamp.from(lockedUntil)).param("now", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(expiresAt))
                .update() == 1;
    }

    void complete(String scope, String key, StoredResponse response) {
        jdbc.sql("""
                UPDATE idempotency_records
                SET state = 'completed', response_status = :status, response_type = :type, response_body = :body
                WHERE scope = :scope AND idempotency_key = :key""")
                .param("scope", scope).param("key", key).param("status", response.status())
                .param("type", response.contentType()).param("body", response.body())
                .update();
    }

    void release(String scope, String key) {
        jdbc.sql("DELETE FROM idempotency_records WHERE scope = :scope AND idempotency_key = :key AND state = 'in_progress'")
                .param("scope", scope).param("key", key).update();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_records WHERE expires_at < :now")
                .param("now", Timestamp.from(now)).update();
    }
}
