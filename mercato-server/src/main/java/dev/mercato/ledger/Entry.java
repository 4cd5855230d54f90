package dev.mercato.ledger;

/** One leg of a requested transaction: debit or credit an account by a positive amount of its asset. */
public record Entry(AccountId accountId, Direction direction, long amount, String asset) {

    public static Entry debit(AccountId account, long amount, String asset) {
        return new Entry(account, Direction.DEBIT, amount, asset);
    }

    public static Entry credit(AccountId account, long amount, String asset) {
        return new Entry(account, Direction.CREDIT, amount, asset);
    }

    public long signedAmount() {
        return direction.signed(amount);
    }
}
