package dev.mercato.payouts;

import java.time.Instant;

/** Money sent from a seller's available earnings to its processor account, on request or on the seller's schedule. */
public record Payout(String id, String sellerId, String currency, long amount, PayoutStatus status, String processor,
        String processorTransferId, String failureCode, Instant createdAt, Instant updatedAt, Instant paidAt,
        Origin origin) {

    public enum Origin {
        REQUEST, SCHEDULE;

        public String code() {
            return name().toLowerCase();
        }
    }
}
