package dev.mercato.platform.cache;

import dev.mercato.platform.ReadCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Read-through over a {@link CacheStore}, with changes tied to the transaction that makes them: a
 * change is announced when it is declared and completed after the transaction ends, so between the
 * commit and the completion reads already bypass the cache. Counts {@code cache.gets} by region and
 * result ({@code hit}, {@code miss}).
 */
final class TransactionalReadCache implements ReadCache {

    private final CacheStore store;
    private final MeterRegistry meters;
    /** Each region's hit and miss counters, looked up once rather than on every read. */
    private final ConcurrentHashMap<String, Counter[]> counters = new ConcurrentHashMap<>();

    TransactionalReadCache(CacheStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    @Override
    public <T> Optional<T> read(Region<T> region, String key, Supplier<Optional<T>> loader) {
        CacheStore.Lookup<T> found = store.lookup(region, key);
        if (found.hit()) {
            counters(region)[0].increment();
            return Optional.of(found.value());
        }
        counters(region)[1].increment();
        Optional<T> loaded = loader.get();
        if (loaded.isPresent() && !found.changing()) {
            store.store(region, key, found.token(), loaded.get());
        }
        return loaded;
    }

    @Override
    public void invalidate(Region<?> region, String key) {
        store.beginChange(region, key);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            store.endChange(region, key);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                store.endChange(region, key);
            }
        });
    }

    private Counter[] counters(Region<?> region) {
        return counters.computeIfAbsent(region.name(), name -> new Counter[] {
                meters.counter("cache.gets", "cache", name, "result", "hit"),
                meters.counter("cache.gets", "cache", name, "result", "miss")});
    }
}
