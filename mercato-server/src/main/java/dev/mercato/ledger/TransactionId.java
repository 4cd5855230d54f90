package dev.mercato.ledger;

/** Identifies a ledger transaction ({@code txn_…}). */
public record TransactionId(String value) {

    @Override
    public String toString() {
        return value;
    }
}
