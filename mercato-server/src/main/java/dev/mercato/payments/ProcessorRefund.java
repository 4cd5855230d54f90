package dev.mercato.payments;

/** A refund as the processor sees it; {@code paymentId} is the processor's payment id. */
public record ProcessorRefund(String id, String paymentId, long amount, String currency, Status status,
        String failureCode, String failureMessage) {

    public enum Status {
        SUCCEEDED, PENDING, FAILED, UNKNOWN;

        public String code() {
            return name().toLowerCase();
        }
    }
}
