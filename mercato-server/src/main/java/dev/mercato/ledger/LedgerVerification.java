package dev.mercato.ledger;

/** Checks every ledger invariant against the stored data. */
public interface LedgerVerification {

    VerificationReport verify();
}
