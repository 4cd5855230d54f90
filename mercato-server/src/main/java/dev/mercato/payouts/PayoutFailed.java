package dev.mercato.payouts;

import java.time.Instant;

/**
 * A payout did not reach the seller — refused, failed, or reversed after it was paid — and its
 * amount is back in the seller's available balance.
 *
 * @param wasPaid true when the processor reversed a transfer it had reported paid
 */
public record PayoutFailed(String payoutId, String sellerId, String currency, long amount, String failureCode,
        boolean wasPaid, Instant at) {
}
