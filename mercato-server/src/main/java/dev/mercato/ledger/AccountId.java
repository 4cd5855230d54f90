package dev.mercato.ledger;

/** Identifies a ledger account ({@code acct_…}). */
public record AccountId(String value) implements Comparable<AccountId> {

    public AccountId {
        if (value == null || value.isBlank()) {
            throw new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, "account id is missing");
        }
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
