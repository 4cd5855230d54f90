package dev.mercato.ledger.core;

import dev.mercato.ledger.AccountId;

/** What the engine must know about an account to move value through it. */
public record AccountRules(AccountId id, String ownerId, String asset, boolean allowNegative, long overdraftLimit,
        int stripes) {

    public boolean striped() {
        return stripes > 1;
    }

    public AccountRules withOverdraftLimit(long limit) {
        return new AccountRules(id, ownerId, asset, allowNegative, limit, stripes);
    }
}
