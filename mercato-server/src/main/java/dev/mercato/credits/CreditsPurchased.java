package dev.mercato.credits;

import java.time.Instant;

/** A top-up was paid and its credits granted as a paid lot. */
public record CreditsPurchased(String userId, String topUpId, String lotId, long units, String currency, long amount,
        String paymentId, Instant at) {
}
