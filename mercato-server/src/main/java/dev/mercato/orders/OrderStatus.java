package dev.mercato.orders;

import java.util.Map;
import java.util.Set;

/**
 * The order state machine, in one place: pending_payment → paid → fulfilled, and from paid or
 * fulfilled on to partial or full refunds and disputes; an unpaid order can be canceled.
 */
public enum OrderStatus {
    PENDING_PAYMENT, PAID, FULFILLED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED, CANCELED;

    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
            PENDING_PAYMENT, Set.of(PAID, CANCELED),
            PAID, Set.of(FULFILLED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED),
            FULFILLED, Set.of(PARTIALLY_REFUNDED, REFUNDED, DISPUTED),
            PARTIALLY_REFUNDED, Set.of(PARTIALLY_REFUNDED, REFUNDED, DISPUTED),
            DISPUTED, Set.of(PAID, FULFILLED, PARTIALLY_REFUNDED, REFUNDED),
            REFUNDED, Set.of(),
            CANCELED, Set.of());

    public boolean canMoveTo(OrderStatus target) {
        return NEXT.get(this).contains(target);
    }

    public String code() {
        return name().toLowerCase();
    }

    public static OrderStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
