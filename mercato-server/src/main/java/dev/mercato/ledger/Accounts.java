package dev.mercato.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Opens accounts and reads their balances and statements. */
public interface Accounts {

    /** @throws LedgerException {@link LedgerError#ACCOUNT_ALREADY_EXISTS} if owner, purpose and asset are taken */
    Account open(NewAccount account);

    /** The account for this owner, purpose and asset, opened with {@code template}'s rules if it does not exist yet. */
    Account openOrGet(NewAccount template);

    /**
     * The id of {@link #openOrGet(NewAccount)}'s account, remembered once the transaction that saw
     * it has committed: hot paths that name the same system accounts on every request look each up
     * once per process instead of once per request.
     */
    AccountId idOf(NewAccount template);

    Optional<Account> find(AccountId id);

    Optional<Account> find(AccountOwner owner, String purpose, String asset);

    /** Accounts of one owner, ordered by id, after {@code startingAfter} (exclusive). */
    List<Account> ofOwner(String ownerId, AccountId startingAfter, int limit);

    /** Current balances, read in O(stripes) from rows kept in step with every posting. */
    Balance balance(AccountId id);

    /** Posted balance as of an instant of effective time: the fold of postings effective up to then. */
    long postedBalanceAt(AccountId id, Instant at);

    /** Postings newest first, with running balances, after {@code startingAfter} (a posting sequence). */
    List<StatementLine> statement(AccountId id, Long startingAfter, int limit);

    Account changeOverdraftLimit(AccountId id, long overdraftLimit);
}
