package dev.mercato.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * One event on its way to one endpoint, with the log of every HTTP attempt.
 *
 * @param origin        {@code event} when the event was emitted, {@code replay} when an operator replayed it
 * @param status        {@code pending} (an attempt is due at {@code nextAttemptAt}), {@code succeeded}, or
 *                      {@code failed} when every attempt over the retry window failed
 */
public record WebhookDelivery(String id, String eventId, String eventType, String endpointId, String origin,
        String status, int attempts, Instant nextAttemptAt, Instant createdAt, Instant completedAt,
        List<Attempt> log) {

    /**
     * One HTTP attempt: the receiver's status code (null when it was not reached), how long it
     * took, and what went wrong or the start of what the receiver answered.
     */
    public record Attempt(int attempt, Instant attemptedAt, boolean succeeded, Integer statusCode, long latencyMs,
            String error, String responseBody) {
    }
}
