package dev.mercato.payouts;

import java.util.Map;
import java.util.Set;

/**
 * requested → in_transit → paid | failed; a requested payout can also fail or be canceled; a paid
 * one fails after all when the processor reverses its transfer (its money returns to available).
 */
public enum PayoutStatus {
    REQUESTED, IN_TRANSIT, PAID, FAILED, CANCELED;

    private static final Map<PayoutStatus, Set<PayoutStatus>> NEXT = Map.of(
            REQUESTED, Set.of(IN_TRANSIT, PAID, FAILED, CANCELED),
            IN_TRANSIT, Set.of(PAID, FAILED),
            PAID, Set.of(FAILED),
            FAILED, Set.of(),
            CANCELED, Set.of());

    public boolean canMoveTo(PayoutStatus target) {
        return NEXT.get(this).contains(target);
    }

    public String code() {
        return name().toLowerCase();
    }

    public static PayoutStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
