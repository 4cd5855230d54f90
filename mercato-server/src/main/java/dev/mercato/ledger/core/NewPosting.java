package dev.mercato.ledger.core;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.TransactionId;
import java.time.Instant;

/** A posting to insert, with the balance row's state right after it. */
public record NewPosting(TransactionId transactionId, AccountId accountId, int stripe, String asset, long amount,
        long balanceAfter, long version, Instant effectiveAt) {
}
