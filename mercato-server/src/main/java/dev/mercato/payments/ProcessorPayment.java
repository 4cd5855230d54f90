package dev.mercato.payments;

/**
 * A payment as the processor sees it.
 *
 * @param id             the processor's id; null when the call got no answer ({@link PaymentStatus#UNKNOWN})
 * @param amount         the authorized amount in minor units
 * @param amountCaptured how much was captured
 * @param amountRefunded how much of the captured amount was refunded
 * @param nextActionUrl  where the customer completes {@link PaymentStatus#REQUIRES_ACTION}, else null
 * @param failureCode    a stable code when {@link PaymentStatus#FAILED} or {@link PaymentStatus#UNKNOWN}
 *                       ({@code card_declined}, {@code insufficient_funds}, {@code processor_error},
 *                       {@code processor_unavailable}), else null
 */
public record ProcessorPayment(String id, PaymentStatus status, long amount, String currency, long amountCaptured,
        long amountRefunded, String nextActionUrl, String failureCode, String failureMessage) {

    /** The answer to a call that got no response: the payment may or may not exist. */
    public static ProcessorPayment unknown(long amount, String currency, String message) {
        return new ProcessorPayment(null, PaymentStatus.UNKNOWN, amount, currency, 0, 0, null,
                PaymentFailure.PROCESSOR_UNAVAILABLE, message);
    }

    public static ProcessorPayment failed(long amount, String currency, String code, String message) {
        return new ProcessorPayment(null, PaymentStatus.FAILED, amount, currency, 0, 0, null, code, message);
    }
}
