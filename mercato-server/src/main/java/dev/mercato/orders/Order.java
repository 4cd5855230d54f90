package dev.mercato.orders;

import java.time.Instant;
import java.util.List;

/**
 * A buyer's order of one or more listings, possibly from several sellers, in one currency.
 *
 * @param paymentStep where the payment stands while the order awaits it: none, authorizing,
 *                    authorized, captured or failed
 */
public record Order(String id, String buyerId, OrderStatus status, String paymentStep, String currency, long total,
        List<OrderLine> lines, String paymentId, String holdId, Long processorFee, String failureCode,
        Instant createdAt, Instant updatedAt, Instant paidAt) {

    Order withLines(List<OrderLine> orderLines) {
        return new Order(id, buyerId, status, paymentStep, currency, total, List.copyOf(orderLines), paymentId, holdId,
                processorFee, failureCode, createdAt, updatedAt, paidAt);
    }

    /** This order once its payment is authorized and the amount reserved by {@code holdId}. */
    Order authorized(String paymentId, String holdId) {
        return new Order(id, buyerId, status, "authorized", currency, total, lines, paymentId, holdId, processorFee, null,
                createdAt, updatedAt, paidAt);
    }

    /**
     * This order as {@code split} and the payment captured at {@code at} leave it: paid, every line's
     * split recorded — what reading it back gives when {@code at} is what was stored (whole microseconds).
     */
    Order paid(Split split, Instant at) {
        List<OrderLine> paidLines = new java.util.ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            OrderLine l = lines.get(i);
            Split.LineSplit s = split.lines().get(i);
            paidLines.add(new OrderLine(l.line(), l.listingId(), l.listingVersion(), l.sellerId(), l.kind(), l.categoryId(),
                    l.title(), l.price(), l.commission(), l.commissionRule(), s.sellerEarnings(), s.platformRevenue(),
                    s.processorFee(), l.refunded()));
        }
        return new Order(id, buyerId, OrderStatus.PAID, "captured", currency, total, List.copyOf(paidLines), paymentId,
                holdId, split.processorFee(), failureCode, createdAt, at, at);
    }

    /** What the audit trail keeps of an order before and after a change. */
    java.util.Map<String, Object> auditState() {
        java.util.Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("status", status.code());
        state.put("payment_step", paymentStep);
        state.put("total", total);
        state.put("currency", currency);
        state.put("lines", lines.stream().map(l -> l.listingId() + " v" + l.listingVersion() + " " + l.price()
                + (l.sellerEarnings() == null ? "" : " seller " + l.sellerEarnings() + " platform " + l.platformRevenue())
                + (l.refunded() > 0 ? " refunded " + l.refunded() : "")).toList());
        if (processorFee != null) {
            state.put("processor_fee", processorFee);
        }
        return state;
    }
}
