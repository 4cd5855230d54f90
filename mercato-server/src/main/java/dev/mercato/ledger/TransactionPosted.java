package dev.mercato.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A ledger transaction was committed. Published only when {@code mercato.ledger.publish-transactions}
 * is on (it costs an outbox row per transaction), inside the database transaction that wrote the
 * postings, so it is delivered exactly when they exist.
 *
 * @param reverses the transaction this one reverses, or null
 */
public record TransactionPosted(String transactionId, String type, String reference, String reverses,
        List<Leg> entries, Map<String, String> metadata, Instant effectiveAt, Instant postedAt) {

    /** One posting: {@code amount} is the magnitude, {@code direction} {@code debit} or {@code credit}. */
    public record Leg(String accountId, String asset, String direction, long amount) {
    }

    public static TransactionPosted of(Transaction t) {
        List<Leg> legs = t.postings().stream()
                .map(p -> new Leg(p.accountId().value(), p.asset(), p.direction().code(), p.magnitude()))
                .toList();
        return new TransactionPosted(t.id().value(), t.type(), t.reference(),
                t.reverses() == null ? null : t.reverses().value(), legs, t.metadata(), t.effectiveAt(), t.createdAt());
    }
}
