package dev.mercato.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request to post a balanced transaction.
 *
 * @param idempotencyKey client-chosen and permanent: the same key and request return the original
 *                       result, a different request under it is refused, a failure stays a failure
 * @param type           what kind of movement this is, e.g. {@code order.capture}
 * @param effectiveAt    when the movement counts; null means now; may lie in the past, never the future
 * @param reference      the business object that caused it, e.g. {@code ord_…}
 */
public record TransactionRequest(String idempotencyKey, String type, List<Entry> entries, Instant effectiveAt,
        String reference, Map<String, String> metadata) {

    public TransactionRequest {
        entries = entries == null ? List.of() : List.copyOf(entries);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static TransactionRequest of(String idempotencyKey, String type, Entry... entries) {
        return new TransactionRequest(idempotencyKey, type, List.of(entries), null, null, Map.of());
    }
}
