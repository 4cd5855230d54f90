package dev.mercato.ledger.core;

import dev.mercato.ledger.AccountId;

/** One locked balance row (an account, or one stripe of a hot account), changed in memory then flushed. */
public final class BalanceRow {

    public final AccountId account;
    public final int stripe;
    long posted;
    long pendingDebits;
    long pendingCredits;
    long version;
    boolean changed;

    public BalanceRow(AccountId account, int stripe, long posted, long pendingDebits, long pendingCredits, long version) {
        this.account = account;
        this.stripe = stripe;
        this.posted = posted;
        this.pendingDebits = pendingDebits;
        this.pendingCredits = pendingCredits;
        this.version = version;
    }

    public long posted() {
        return posted;
    }

    public long pendingDebits() {
        return pendingDebits;
    }

    public long pendingCredits() {
        return pendingCredits;
    }

    public long version() {
        return version;
    }

    public boolean changed() {
        return changed;
    }
}
