package dev.mercato.credits;

import java.time.Instant;

/**
 * A purchase of credits ({@code ctu_…}) paid through the payment processor.
 *
 * @param status {@code pending} until the payment is captured, then {@code succeeded} (the lot is
 *               granted in the same transaction) or {@code failed} (nothing granted)
 */
public record CreditTopUp(String id, String userId, long units, String currency, long amount, String status,
        String paymentId, String failureCode, String lotId, Instant createdAt, Instant updatedAt) {
}
