package dev.mercato.payments;

import java.time.Instant;
import java.util.Map;

/**
 * Mercato's record of one payment through a processor ({@code pay_…}). It is written before the
 * processor is called, so a payment is never charged without a row that says so.
 */
public record PaymentAttempt(String id, String adapter, String processorPaymentId, long amount, String currency,
        long amountCaptured, long amountRefunded, PaymentStatus status, String failureCode, String failureMessage,
        String nextActionUrl, String idempotencyKey, String transferGroup, Map<String, String> metadata,
        Instant createdAt, Instant updatedAt) {

    /**
     * This attempt if the funds are held or taken, else the problem+json error its failure stands
     * for ({@code card_declined}, {@code insufficient_funds}, {@code requires_action},
     * {@code processor_error}, {@code processor_unavailable} …).
     */
    public PaymentAttempt requireAuthorized() {
        if (status == PaymentStatus.AUTHORIZED || status == PaymentStatus.CAPTURED) {
            return this;
        }
        throw PaymentException.of(status, failureCode, failureMessage, nextActionUrl);
    }
}
