package dev.mercato.credits;

import java.time.Instant;

/**
 * Credits taken from a wallet for one piece of work ({@code cdr_…}), identified by the caller's
 * {@code reference}: drawing again with the same reference returns this draw.
 *
 * @param returnedAt when the draw was given back, or null
 */
public record CreditDraw(String id, String userId, String reference, long units, long paidUnits, long freeUnits,
        String transactionId, Instant createdAt, Instant returnedAt) {
}
