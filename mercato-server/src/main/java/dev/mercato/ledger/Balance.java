package dev.mercato.ledger;

/**
 * An account's balances in minor units. {@code posted} is credits minus debits of posted
 * transactions; pending amounts come from open holds; {@code available} is what may be spent:
 * posted minus outgoing holds (incoming holds are not money yet).
 */
public record Balance(AccountId accountId, String asset, long posted, long pendingDebits, long pendingCredits) {

    public long available() {
        return posted - pendingDebits;
    }

    /** Net effect of open holds: incoming minus outgoing. */
    public long pending() {
        return pendingCredits - pendingDebits;
    }
}
