package dev.mercato.billing.core;

/** Everything that can happen to an invoice; {@link InvoiceStateMachine} says where each may happen. */
public enum InvoiceAction {
    /** Numbered and final: its lines no longer change. */
    FINALIZE,
    PAY,
    /** An operator cancels it: nothing is owed. */
    VOID,
    /** Dunning gave up collecting it. */
    MARK_UNCOLLECTIBLE
}
