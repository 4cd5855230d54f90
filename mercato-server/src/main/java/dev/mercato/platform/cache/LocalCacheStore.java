package dev.mercato.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mercato.platform.ReadCache.Region;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The cache in this instance's memory (Caffeine, bounded, entries expire after the TTL). One token
 * for all keys, moved by every completed change: cheaper than one per key, and a store refused now
 * and then only costs a later miss. Exact for one instance; several instances without Redis each
 * keep their own entries, which are dropped only by their own changes or the TTL.
 */
final class LocalCacheStore implements CacheStore {

    private final Cache<String, Object> values;
    private final Map<String, Integer> changing = new HashMap<>();
    private long token;

    LocalCacheStore(Duration ttl, int maxEntries) {
        this.values = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    }

    @Override
    public synchronized <T> Lookup<T> lookup(Region<T> region, String key) {
        String k = key(region, key);
        if (changing.containsKey(k)) {
            return Lookup.bypass();
        }
        return new Lookup<>(region.type().cast(values.getIfPresent(k)), token, false);
    }

    @Override
    public synchronized <T> void store(Region<T> region, String key, long readToken, T value) {
        String k = key(region, key);
        if (readToken == token && !changing.containsKey(k)) {
            values.put(k, value);
        }
    }

    @Override
    public synchronized void beginChange(Region<?> region, String key) {
        String k = key(region, key);
        changing.merge(k, 1, Integer::sum);
        values.invalidate(k);
    }

    @Override
    public synchronized void endChange(Region<?> region, String key) {
        String k = key(region, key);
        changing.computeIfPresent(k, (ignored, n) -> n == 1 ? null : n - 1);
        token++;
        values.invalidate(k);
    }

    private static String key(Region<?> region, String key) {
        return region.name() + ":" + key;
    }
}
