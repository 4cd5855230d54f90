package dev.mercato.ledger;

import java.util.Set;

/** The hold state machine: a pending hold is resolved exactly once, by capture, void or expiry. */
public enum HoldStatus {
    PENDING, CAPTURED, VOIDED, EXPIRED;

    public Set<HoldStatus> next() {
        return this == PENDING ? Set.of(CAPTURED, VOIDED, EXPIRED) : Set.of();
    }

    public boolean canMoveTo(HoldStatus target) {
        return next().contains(target);
    }

    public String code() {
        return name().toLowerCase();
    }

    public static HoldStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
