package dev.mercato.payments.simulated;

import dev.mercato.payments.PaymentException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The simulated processor's idempotency keys, as Stripe keeps them: the first request under a key
 * is kept with what it produced; the same key with other parameters is refused.
 */
@Repository
class SimulatedRequests {

    /** What the first request under a key produced: an object, or a failure. */
    record Stored(String objectId, String failureCode, String failureMessage) {
    }

    private final JdbcClient jdbc;

    SimulatedRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key for a new request, recording what it will produce (empty), or returns what the
     * earlier request under it produced. Waits for a concurrent request under the same key to
     * commit first.
     *
     * @throws PaymentException 422 {@code idempotency_key_reused} for the same key with other parameters
     */
    Optional<Stored> claim(String key, String operation, byte[] requestHash, Stored planned, Instant now) {
        int inserted = jdbc.sql("""
                INSERT INTO simulated_requests (idempotency_key, operation, request_hash, object_id, failure_code,
                    failure_message, created_at)
                VALUES (:key, :operation, :hash, :objectId, :code, :message, :now) ON CONFLICT DO NOTHING""")
                .param("key", key).param("operation", operation).param("hash", requestHash)
                .param("objectId", planned.objectId()).param("code", planned.failureCode())
                .param("message", planned.failureMessage()).param("now", Timestamp.from(now)).update();
        if (inserted == 1) {
            return Optional.empty();
        }
        record Row(String operation, byte[] hash, Stored stored) {
        }
        Row row = jdbc.sql("""
                SELECT operation, request_hash, object_id, failure_code, failure_message
                FROM simulated_requests WHERE idempotency_key = :key""")
                .param("key", key)
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2),
                        new Stored(rs.getString(3), rs.getString(4), rs.getString(5))))
                .single();
        if (!row.operation().equals(operation) || !MessageDigest.isEqual(row.hash(), requestHash)) {
            throw PaymentException.unprocessable("idempotency_key_reused",
                    "this idempotency key was already used for a different processor request");
        }
        return Optional.of(row.stored());
    }
}
