package dev.mercato.orders;

import java.time.Instant;

/** A buyer's bank disputed (charged back) part or all of an order; the amount is held until it closes. */
public record DisputeOpened(String disputeId, String orderId, String currency, long amount, Instant at) {
}
