package dev.mercato.payments;

/**
 * A seller's account with the processor and whether it can take money.
 *
 * @param chargesEnabled   the processor lets the account accept charges
 * @param payoutsEnabled   the processor pays out the account's balance to its bank
 * @param detailsSubmitted the seller finished onboarding
 */
public record ConnectedAccount(String id, String reference, boolean chargesEnabled, boolean payoutsEnabled,
        boolean detailsSubmitted) {

    /** Ready to receive transfers and be paid out. */
    public boolean ready() {
        return chargesEnabled && payoutsEnabled;
    }
}
