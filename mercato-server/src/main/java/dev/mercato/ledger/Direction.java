package dev.mercato.ledger;

/** Which side of an account an entry lands on. A credit raises an account's balance, a debit lowers it. */
public enum Direction {
    DEBIT, CREDIT;

    public long signed(long amount) {
        return this == CREDIT ? amount : -amount;
    }

    public static Direction ofSigned(long amount) {
        return amount >= 0 ? CREDIT : DEBIT;
    }

    public String code() {
        return name().toLowerCase();
    }
}
