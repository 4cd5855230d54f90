package dev.mercato.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A posted, immutable, balanced transaction. */
public record Transaction(TransactionId id, String type, List<Posting> postings, Instant effectiveAt,
        Instant createdAt, String reference, TransactionId reverses, HoldId holdId, Map<String, String> metadata) {
}
