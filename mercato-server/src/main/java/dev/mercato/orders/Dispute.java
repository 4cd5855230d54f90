package dev.mercato.orders;

import java.time.Instant;
import java.util.List;

/**
 * A chargeback on an order, as the processor reported it, and what Mercato held for it.
 *
 * @param shares      who the disputed money was held from
 * @param fee         the processor's dispute fee, once lost
 * @param statusBefore the order's status before the dispute, restored when it is won
 */
public record Dispute(String id, String adapter, String processorDisputeId, String orderId, String currency, long amount,
        long fee, String status, List<Share> shares, OrderStatus statusBefore, Instant openedAt, Instant resolvedAt) {

    /** Held from a seller (and which ledger account), or from the platform ({@code sellerId} null). */
    public record Share(String sellerId, String accountId, long amount) {
    }
}
