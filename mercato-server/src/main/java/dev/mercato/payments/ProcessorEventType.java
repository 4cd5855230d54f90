package dev.mercato.payments;

/** What a processor webhook reports, whatever the processor calls it. */
public enum ProcessorEventType {
    PAYMENT_AUTHORIZED,
    PAYMENT_SUCCEEDED,
    PAYMENT_FAILED,
    PAYMENT_CANCELED,
    REFUND_SUCCEEDED,
    REFUND_FAILED,
    DISPUTE_OPENED,
    DISPUTE_WON,
    DISPUTE_LOST,
    ACCOUNT_UPDATED,
    TRANSFER_PAID,
    TRANSFER_FAILED,
    TRANSFER_REVERSED,
    PAYOUT_PAID,
    PAYOUT_FAILED,
    /** A verified event Mercato has no meaning for yet; stored, published, ignored by listeners. */
    OTHER;

    /** The name used on the wire and in the {@code processor_events} table: {@code dispute.opened}. */
    public String code() {
        return name().toLowerCase().replaceFirst("_", ".");
    }

    public static ProcessorEventType of(String code) {
        return valueOf(code.toUpperCase().replace('.', '_'));
    }
}
