package dev.mercato.payments;

/** A transfer to a connected account as the processor sees it. */
public record ProcessorTransfer(String id, String destinationAccountId, long amount, String currency, Status status,
        String failureCode, String failureMessage) {

    public enum Status {
        PAID, PENDING, FAILED, UNKNOWN;

        public String code() {
            return name().toLowerCase();
        }
    }
}
