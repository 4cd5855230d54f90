package dev.mercato.ledger;

import java.util.UUID;

/** Test helpers: open accounts and fund them from a boundless outside-world account. */
final class LedgerFixtures {

    private final Ledger ledger;
    private final Accounts accounts;

    LedgerFixtures(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    static String key() {
        return "test:" + UUID.randomUUID();
    }

    Account userAccount(String asset) {
        return accounts.open(NewAccount.of(AccountOwner.user("usr_" + UUID.randomUUID()), "wallet", asset));
    }

    Account world(String asset) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.system("world"), "funding", asset).allowingNegative());
    }

    Account funded(String asset, long amount) {
        Account account = userAccount(asset);
        fund(account, amount);
        return account;
    }

    Transaction fund(Account account, long amount) {
        return ledger.post(TransactionRequest.of(key(), "deposit",
                Entry.debit(world(account.asset()).id(), amount, account.asset()),
                Entry.credit(account.id(), amount, account.asset())));
    }

    Transaction transfer(Account from, Account to, long amount) {
        return ledger.post(TransactionRequest.of(key(), "transfer",
                Entry.debit(from.id(), amount, from.asset()), Entry.credit(to.id(), amount, to.asset())));
    }
}
