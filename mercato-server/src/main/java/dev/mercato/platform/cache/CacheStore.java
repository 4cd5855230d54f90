package dev.mercato.platform.cache;

import dev.mercato.platform.ReadCache.Region;

/**
 * Where cached values live. A store keeps, per key, the value, whether a change is in flight, and a
 * token that moves on every completed change: a value loaded from the database is stored only if
 * the token it was read under still holds and no change is in flight, so a read that raced a
 * change can never put the old value back.
 */
interface CacheStore {

    /** What a lookup found: a value (a hit), or the token a store of a freshly loaded value must present. */
    record Lookup<T>(T value, long token, boolean changing) {

        static <T> Lookup<T> bypass() {
            return new Lookup<>(null, 0, true);
        }

        boolean hit() {
            return value != null;
        }
    }

    <T> Lookup<T> lookup(Region<T> region, String key);

    /** Stores the value unless a change began or completed since the lookup that returned {@code token}. */
    <T> void store(Region<T> region, String key, long token, T value);

    /** A change of the key is in flight: drop the entry and refuse stores until {@link #endChange}. */
    void beginChange(Region<?> region, String key);

    /** The change has committed or rolled back: drop the entry and move the token on. */
    void endChange(Region<?> region, String key);
}
