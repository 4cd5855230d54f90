package dev.mercato.platform;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cache for hot reads (listing reads; entitlement checks later): in Redis when it is configured,
 * so every instance sees one cache, else in this instance's memory. Nothing may depend on it for
 * correctness: a read through it never returns a value older than the last committed change that
 * was declared with {@link #invalidate}, and entries also expire after a short time
 * ({@code mercato.cache.ttl}) in case a change was missed. Values must be immutable and JSON
 * round-trippable (records of plain fields).
 */
public interface ReadCache {

    /** One kind of cached value, e.g. listings by id; the name is part of the cache key and the metric tag. */
    record Region<T>(String name, Class<T> type) {
    }

    /** The value for {@code key}: from the cache, else from {@code loader}, whose value is then cached. */
    <T> Optional<T> read(Region<T> region, String key, Supplier<Optional<T>> loader);

    /**
     * Declares that the value for {@code key} changes in the current transaction. From this call until
     * the transaction has ended, reads of the key bypass the cache and cannot fill it; when it ends
     * (committed or rolled back) the entry is dropped everywhere. Outside a transaction the entry is
     * dropped at once. Call it in the changing transaction, before the change commits.
     */
    void invalidate(Region<?> region, String key);
}
