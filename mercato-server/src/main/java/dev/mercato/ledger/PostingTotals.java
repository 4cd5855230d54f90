package dev.mercato.ledger;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Sums of posted amounts per period, account (owner and purpose, every asset) and transaction
 * type — what reports read so their figures are the ledger's own.
 */
public interface PostingTotals {

    /** Accounts of one owner and purpose, in any asset. */
    record Of(AccountOwner owner, String purpose) {

        /** The owner and purpose of {@code account}, whatever its asset. */
        public static Of of(NewAccount account) {
            return new Of(account.owner(), account.purpose());
        }
    }

    /** Credits and debits (both positive) posted to one account purpose by one transaction type. */
    record Row(Instant periodStart, Of account, String transactionType, String asset, long credits, long debits) {
    }

    /**
     * @param period {@code day}, {@code week} or {@code month} (UTC), by the postings' effective time
     */
    List<Row> byPeriod(Collection<Of> accounts, Collection<String> transactionTypes, String period, Instant from, Instant to);
}
