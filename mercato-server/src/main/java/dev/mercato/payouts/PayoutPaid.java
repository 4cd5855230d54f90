package dev.mercato.payouts;

import java.time.Instant;

/** A payout's transfer reached the seller's processor account. */
public record PayoutPaid(String payoutId, String sellerId, String currency, long amount, String transferId, Instant at) {
}
