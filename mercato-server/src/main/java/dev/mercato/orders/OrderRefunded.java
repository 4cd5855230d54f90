package dev.mercato.orders;

import java.time.Instant;

/** Money was given back to a buyer; {@code full} when nothing of the order is left to refund. */
public record OrderRefunded(String orderId, String refundId, String currency, long amount, boolean full, Instant at) {
}
