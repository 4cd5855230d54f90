package dev.mercato.orders;

import java.time.Instant;

/**
 * A dispute was decided: {@code outcome} is {@code won} (the held money went back) or {@code lost}
 * (it left through the processor, with {@code fee}).
 */
public record DisputeClosed(String disputeId, String orderId, String currency, long amount, String outcome, long fee,
        Instant at) {
}
