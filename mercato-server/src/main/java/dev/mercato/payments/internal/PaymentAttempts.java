package dev.mercato.payments.internal;

import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorPayment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The {@code payment_attempts} table. */
@Repository
public class PaymentAttempts {

    /** An attempt with the hash of the request that created it, to tell a retry from a reused key. */
    public record Keyed(PaymentAttempt attempt, byte[] requestHash) {
    }

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, adapter, processor_payment_id, amount, currency, amount_captured, amount_refunded, status, failure_code,
            failure_message, next_action_url, idempotency_key, transfer_group, metadata, created_at, updated_at""";
    private static final String UNSETTLED = "('pending', 'unknown', 'requires_action')";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    PaymentAttempts(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts a new attempt; false when one with its idempotency key exists. */
    public boolean insert(PaymentAttempt attempt, byte[] requestHash, Instant nextCheckAt) {
        return jdbc.sql("""
                INSERT INTO payment_attempts (id, adapter, idempotency_key, request_hash, amount, currency, status,
                    transfer_group, metadata, created_at, updated_at, next_check_at)
                VALUES (:id, :adapter, :key, :hash, :amount, :currency, :status, :group, :metadata::jsonb, :now, :now,
                    :nextCheck)
                ON CONFLICT (idempotency_key) DO NOTHING""")
                .param("id", attempt.id()).param("adapter", attempt.adapter()).param("key", attempt.idempotencyKey())
                .param("hash", requestHash).param("amount", attempt.amount()).param("currency", attempt.currency())
                .param("status", attempt.status().code()).param("group", attempt.transferGroup())
                .param("metadata", json.writeValueAsString(attempt.metadata()))
                .param("now", Timestamp.from(attempt.createdAt())).param("nextCheck", Timestamp.from(nextCheckAt))
                .update() == 1;
    }

    public Optional<Keyed> findByKey(String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + ", request_hash FROM payment_attempts WHERE idempotency_key = :key")
                .param("key", idempotencyKey)
                .query((rs, n) -> new Keyed(map(rs, n), rs.getBytes("request_hash")))
                .optional();
    }

    public Optional<PaymentAttempt> findByProcessorPayment(String adapter, String processorPaymentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment_attempts WHERE adapter = :adapter AND processor_payment_id = :pid")
                .param("adapter", adapter).param("pid", processorPaymentId).query(this::map).optional();
    }

    /**
     * Captured attempts whose idempotency key starts with {@code keyPrefix}, last changed after the
     * cursor ({@code afterUpdatedAt}, {@code afterId}) and before {@code before}, in that order.
     */
    public List<PaymentAttempt> captured(String keyPrefix, Instant afterUpdatedAt, String afterId, Instant before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM payment_attempts
                WHERE status = 'captured' AND (updated_at, id) > (:after, :afterId) AND updated_at < :before
                  AND left(idempotency_key, length(:prefix)) = :prefix
                ORDER BY updated_at, id LIMIT :limit""")
                .param("after", Timestamp.from(afterUpdatedAt)).param("afterId", afterId)
                .param("before", Timestamp.from(before)).param("prefix", keyPrefix).param("limit", limit)
                .query(this::map).list();
    }

    public Optional<PaymentAttempt> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment_attempts WHERE id = :id")
                .param("id", id).query(this::map).optional();
    }

    /**
     * Records the processor's answer to the authorization, unless the janitor already settled the
     * attempt to the processor's later truth.
     */
    public PaymentAttempt recordAuthorization(String id, ProcessorPayment answer, Instant now, Instant nextCheckAt) {
        return jdbc.sql(update("status IN " + UNSETTLED) + " RETURNING " + COLUMNS)
                .paramSource(params(id, answer, now, nextCheckAt)).query(this::map).optional()
                .orElseGet(() -> find(id).orElseThrow());
    }

    /** Records the processor's answer to a capture, cancel or refund; returns the attempt as it now stands. */
    public PaymentAttempt record(String id, ProcessorPayment answer, Instant now, Instant nextCheckAt) {
        return jdbc.sql(update("TRUE") + " RETURNING " + COLUMNS).paramSource(params(id, answer, now, nextCheckAt))
                .query(this::map).single();
    }

    /** Settles an unsettled attempt to what the processor says; false when someone settled it first. */
    public boolean settle(String id, ProcessorPayment truth, Instant now) {
        return jdbc.sql(update("status IN " + UNSETTLED)).paramSource(params(id, truth, now, now)).update() == 1;
    }

    /** Marks an attempt whose last call got no answer, for the janitor to look at after {@code nextCheckAt}. */
    public void markUnknown(String id, String failureMessage, Instant now, Instant nextCheckAt) {
        jdbc.sql("""
                UPDATE payment_attempts SET status = 'unknown', failure_code = 'processor_unavailable',
                    failure_message = :message, updated_at = :now, next_check_at = :nextCheck WHERE id = :id""")
                .param("id", id).param("message", failureMessage).param("now", Timestamp.from(now))
                .param("nextCheck", Timestamp.from(nextCheckAt)).update();
    }

    public void markFailed(String id, String code, String message, Instant now) {
        jdbc.sql("""
                UPDATE payment_attempts SET status = 'failed', failure_code = :code, failure_message = :message,
                    updated_at = :now WHERE id = :id""")
                .param("id", id).param("code", code).param("message", message).param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Takes up to {@code limit} unsettled attempts due for a look and pushes their next look to
     * {@code nextCheckAt}, so concurrent janitors on other instances skip them.
     */
    public List<PaymentAttempt> claimDue(Instant now, Instant nextCheckAt, int limit) {
        return jdbc.sql("""
                UPDATE payment_attempts SET next_check_at = :nextCheck
                WHERE id IN (SELECT id FROM payment_attempts
                             WHERE status IN %s AND next_check_at <= :now
                             ORDER BY next_check_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING %s""".formatted(UNSETTLED, COLUMNS))
                .param("now", Timestamp.from(now)).param("nextCheck", Timestamp.from(nextCheckAt)).param("limit", limit)
                .query(this::map).list();
    }

    private static String update(String guard) {
        return """
                UPDATE payment_attempts SET processor_payment_id = COALESCE(:processorId, processor_payment_id),
                    status = :status, amount_captured = :captured, amount_refunded = :refunded, failure_code = :code,
                    failure_message = :message, next_action_url = :nextAction, updated_at = :now,
                    next_check_at = :nextCheck
                WHERE id = :id AND %s""".formatted(guard);
    }

    private static MapSqlParameterSource params(String id,
            ProcessorPayment answer, Instant now, Instant nextCheckAt) {
        return new MapSqlParameterSource()
                .addValue("id", id).addValue("processorId", answer.id())
                .addValue("status", answer.status().code()).addValue("captured", answer.amountCaptured())
                .addValue("refunded", answer.amountRefunded()).addValue("code", answer.failureCode())
                .addValue("message", answer.failureMessage()).addValue("nextAction", answer.nextActionUrl())
                .addValue("now", Timestamp.from(now)).addValue("nextCheck", Timestamp.from(nextCheckAt));
    }

    private PaymentAttempt map(ResultSet rs, int row) throws SQLException {
        return new PaymentAttempt(rs.getString("id"), rs.getString("adapter"), rs.getString("processor_payment_id"),
                rs.getLong("amount"), rs.getString("currency"), rs.getLong("amount_captured"),
                rs.getLong("amount_refunded"), PaymentStatus.of(rs.getString("status")), rs.getString("failure_code"),
                rs.getString("failure_message"), rs.getString("next_action_url"), rs.getString("idempotency_key"),
                rs.getString("transfer_group"), json.readValue(rs.getString("metadata"), METADATA),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
