package dev.mercato.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mercato.platform.ReadCache.Region;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The cache in this instance's memory (Caffeine, bounded, entries expire after the TTL). Keys are
 * spread over {@value #STRIPES} stripes, each with its own lock and token, moved by every completed
 * change of a key of that stripe: a change refuses the stores of its own stripe's loads only, so
 * keys that change all the time (quota counters under consumes) do not keep every other key from
 * being cached, and two stripes never wait for each other. Lookups take no lock. Exact for one
 * instance; several instances without Redis each keep their own entries, which are dropped only by
 * their own changes or the TTL.
 */
final class LocalCacheStore implements CacheStore {

    static final int STRIPES = 256;

    private final Cache<String, Object> values;
    private final ConcurrentHashMap<String, Integer> changing = new ConcurrentHashMap<>();
    private final AtomicLongArray tokens = new AtomicLongArray(STRIPES);
    private final Object[] locks = new Object[STRIPES];

    LocalCacheStore(Duration ttl, int maxEntries) {
        this.values = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Reads the token before anything else: a change that begins after it moves the token, so the
     * store of what this lookup's caller loads is refused; one that began before is seen in
     * {@code changing} (its mark is set before its token moves, under the stripe's lock).
     */
    @Override
    public <T> Lookup<T> lookup(Region<T> region, String key) {
        String k = key(region, key);
        long token = tokens.get(stripe(k));
        if (changing.containsKey(k)) {
            return Lookup.bypass();
        }
        return new Lookup<>(region.type().cast(values.getIfPresent(k)), token, false);
    }

    @Override
    public <T> void store(Region<T> region, String key, long readToken, T value) {
        String k = key(region, key);
        int stripe = stripe(k);
        synchronized (locks[stripe]) {
            if (readToken == tokens.get(stripe) && !changing.containsKey(k)) {
                values.put(k, value);
            }
        }
    }

    @Override
    public void beginChange(Region<?> region, String key) {
        String k = key(region, key);
        int stripe = stripe(k);
        synchronized (locks[stripe]) {
            changing.merge(k, 1, Integer::sum);
            tokens.incrementAndGet(stripe);
            values.invalidate(k);
        }
    }

    @Override
    public void endChange(Region<?> region, String key) {
        String k = key(region, key);
        int stripe = stripe(k);
        synchronized (locks[stripe]) {
            changing.computeIfPresent(k, (ignored, n) -> n == 1 ? null : n - 1);
            tokens.incrementAndGet(stripe);
            values.invalidate(k);
        }
    }

    static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    static String key(Region<?> region, String key) {
        return region.name() + ":" + key;
    }
}
