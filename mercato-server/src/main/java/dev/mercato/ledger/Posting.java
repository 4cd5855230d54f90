package dev.mercato.ledger;

/** A recorded leg: {@code amount} is signed, positive for a credit and negative for a debit. */
public record Posting(AccountId accountId, String asset, long amount) {

    public Direction direction() {
        return Direction.ofSigned(amount);
    }

    public long magnitude() {
        return Math.abs(amount);
    }
}
