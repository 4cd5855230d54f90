package dev.mercato.billing;

/** Where an invoice stands; {@link dev.mercato.billing.core.InvoiceStateMachine} says how it moves. */
public enum InvoiceStatus {
    DRAFT, OPEN, PAID, VOID, UNCOLLECTIBLE;

    public String code() {
        return name().toLowerCase();
    }

    static InvoiceStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
