package dev.mercato.credits;

import java.time.Instant;

/**
 * One change of a wallet as the user's history shows it ({@code cmv_…}): {@code units} is signed
 * (positive in, negative out) and split into its paid and free parts.
 *
 * @param type {@code grant}, {@code purchase}, {@code draw}, {@code return} or {@code expiry}
 */
public record CreditMovement(String id, String userId, String type, long units, long paidUnits, long freeUnits,
        String lotId, String drawId, String reference, String reason, Instant expiresAt, String transactionId,
        Instant createdAt) {
}
