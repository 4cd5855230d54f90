package dev.mercato.ledger;

import java.util.Optional;

/**
 * Moves value. Called inside a database transaction, each method takes part in it, so postings
 * commit or roll back with the caller's business change. Called outside one, requests are
 * group-committed: many callers share one database transaction and one fsync, and each still
 * gets its own result.
 *
 * <p>Every method is idempotent by its request's key: the same key and request return the original
 * result; a different request under a used key fails with {@link LedgerError#IDEMPOTENCY_KEY_REUSED};
 * a request refused on a rule is refused again on retry.
 *
 * @throws LedgerException when a rule refuses the request; nothing changed
 */
public interface Ledger {

    Transaction post(TransactionRequest request);

    Hold placeHold(HoldRequest request);

    Transaction capture(HoldId hold, CaptureRequest request);

    /**
     * Captures a hold and posts a follow-up transaction (typically the split of what was captured)
     * as one step: both commit or neither, and each balance row is locked once, so a hot account
     * is held for one short write instead of two. Each part keeps its own idempotency key and is
     * replayed as usual. Runs in the caller's transaction, or in a transaction of its own.
     *
     * @return the follow-up transaction
     */
    Transaction captureAndPost(HoldId hold, CaptureRequest capture, TransactionRequest then);

    Hold voidHold(HoldId hold, String idempotencyKey);

    Transaction reverse(TransactionId original, ReversalRequest request);

    Optional<Transaction> findTransaction(TransactionId id);

    Optional<Hold> findHold(HoldId id);
}
