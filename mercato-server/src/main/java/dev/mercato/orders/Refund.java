package dev.mercato.orders;

import java.time.Instant;
import java.util.List;

/** Money given back to a buyer for one or more order lines, with each line's split of it. */
public record Refund(String id, String orderId, long amount, String status, String reason, List<Line> lines,
        String processorRefund, String failureCode, String requestedBy, Instant createdAt) {

    /** One line's part: what the seller gives back, what the platform gives back, and any processor fee returned. */
    public record Line(int line, long amount, long seller, long platform, long fee) {
    }
}
