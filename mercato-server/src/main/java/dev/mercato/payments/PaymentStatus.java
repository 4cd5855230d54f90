package dev.mercato.payments;

/**
 * Where a payment stands. {@link #UNKNOWN} is not a failure: the processor may have charged (a
 * timeout, a 5xx), so the janitor asks it later instead of anyone retrying with a new key.
 */
public enum PaymentStatus {
    /** Recorded by Mercato, the processor's answer not yet in. */
    PENDING,
    /** The customer must act (3-D Secure) before the payment is authorized. */
    REQUIRES_ACTION,
    /** Funds are held on the card; capture or cancel next. */
    AUTHORIZED,
    CAPTURED,
    CANCELED,
    FAILED,
    /** No answer from the processor; the payment may or may not exist. */
    UNKNOWN;

    public String code() {
        return name().toLowerCase();
    }

    public static PaymentStatus of(String code) {
        return valueOf(code.toUpperCase());
    }

    /** True when nothing more will happen to the payment without someone asking for it. */
    public boolean settled() {
        return this == AUTHORIZED || this == CAPTURED || this == CANCELED || this == FAILED;
    }
}
