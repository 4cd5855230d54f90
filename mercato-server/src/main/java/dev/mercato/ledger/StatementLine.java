package dev.mercato.ledger;

import java.time.Instant;

/** One posting on an account statement, with the account's posted balance right after it. */
public record StatementLine(long sequence, TransactionId transactionId, String type, long amount, long runningBalance,
        Instant effectiveAt, Instant createdAt, String reference) {
}
