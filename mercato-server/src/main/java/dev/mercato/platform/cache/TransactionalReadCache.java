package dev.mercato.platform.cache;

import dev.mercato.platform.ReadCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
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

    TransactionalReadCache(CacheStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    @Override
    public <T> Optional<T> read(Region<T> region, String key, Supplier<Optional<T>> loader) {
        CacheStore.Lookup<T> found = store.lookup(region, key);
        if (found.hit()) {
            count(region, "hit");
            return Optional.of(found.value());
        }
        count(region, "miss");
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

    private void count(Region<?> region, String result) {
        meters.counter("cache.gets", "cache", region.name(), "result", result).increment();
    }
}
