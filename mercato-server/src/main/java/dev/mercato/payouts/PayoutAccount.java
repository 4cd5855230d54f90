package dev.mercato.payouts;

import java.time.Instant;

/**
 * A seller's account with the payment processor, through which it is paid.
 *
 * @param holdDays days this seller's earnings stay pending; null for the platform default
 */
public record PayoutAccount(String id, String sellerId, String processor, String processorAccountId,
        boolean chargesEnabled, boolean payoutsEnabled, boolean detailsSubmitted, Integer holdDays, Instant createdAt,
        Instant updatedAt) {

    /** The processor accepts charges for the seller and pays its balance out. */
    public boolean ready() {
        return chargesEnabled && payoutsEnabled;
    }
}
