package dev.mercato.payments;

/** The stable failure codes a payment can carry, shared by every adapter. */
public final class PaymentFailure {

    public static final String CARD_DECLINED = "card_declined";
    public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
    public static final String REQUIRES_ACTION = "requires_action";
    /** The processor failed (a 5xx); on the simulated processor nothing was authorized. */
    public static final String PROCESSOR_ERROR = "processor_error";
    /** No answer (a timeout, a broken connection): the outcome is unknown until reconciled. */
    public static final String PROCESSOR_UNAVAILABLE = "processor_unavailable";
    /** The processor has no record of a payment Mercato never got an answer for: nothing was charged. */
    public static final String NOT_PROCESSED = "not_processed";
    /** The customer never completed the required action; the authorization was canceled. */
    public static final String ACTION_ABANDONED = "action_abandoned";

    private PaymentFailure() {
    }
}
