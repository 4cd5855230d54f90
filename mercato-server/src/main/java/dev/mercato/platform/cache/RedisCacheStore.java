package dev.mercato.platform.cache;

import dev.mercato.platform.ReadCache.Region;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The cache in Redis, shared by every instance. Per cached key Redis holds three entries: the value
 * (JSON, expiring after the TTL), a token moved on every completed change, and a count of changes
 * in flight; storing a loaded value checks both in one script, so the check and the write are
 * atomic against other instances' changes.
 * <p>
 * When a Redis call fails this instance stops using the cache for one TTL: a change it could not
 * announce may have left an entry behind, and after one TTL every such entry has expired. Other
 * instances that can still reach Redis may serve such an entry until then; that is the bound the
 * TTL gives (docs/operations.md, Caching).
 */
final class RedisCacheStore implements CacheStore {

    private static final Logger log = LoggerFactory.getLogger(RedisCacheStore.class);
    /** Longer than any load takes, so a token never expires back to a value a slow load has seen. */
    private static final Duration TOKEN_TTL = Duration.ofHours(1);
    /**
     * Frees a key whose change never ended (its instance died). A change that outlives it (a long
     * upload) is still safe but for a moment: its end drops whatever was cached meanwhile.
     */
    private static final Duration CHANGE_TTL = Duration.ofMinutes(1);

    private static final String STORE = """
            if (redis.call('get', KEYS[2]) or '0') == ARGV[1] and tonumber(redis.call('get', KEYS[3]) or '0') <= 0 then
              redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""";
    private static final String BEGIN = """
            redis.call('incr', KEYS[3])
            redis.call('pexpire', KEYS[3], ARGV[1])
            redis.call('del', KEYS[1])
            return 1""";
    private static final String END = """
            if tonumber(redis.call('get', KEYS[3]) or '0') <= 1 then
              redis.call('del', KEYS[3])
            else
              redis.call('decr', KEYS[3])
            end
            redis.call('incr', KEYS[2])
            redis.call('pexpire', KEYS[2], ARGV[1])
            redis.call('del', KEYS[1])
            return 1""";

    private final StatefulRedisConnection<String, String> connection;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration ttl;
    private final String prefix;
    private volatile Instant bypassUntil = Instant.MIN;

    RedisCacheStore(StatefulRedisConnection<String, String> connection, ObjectMapper json, Clock clock,
            CacheProperties properties) {
        this.connection = connection;
        this.json = json;
        this.clock = clock;
        this.ttl = properties.ttl();
        this.prefix = properties.redisKeyPrefix();
    }

    @Override
    public <T> Lookup<T> lookup(Region<T> region, String key) {
        if (clock.instant().isBefore(bypassUntil)) {
            return Lookup.bypass();
        }
        try {
            List<KeyValue<String, String>> found = redis().mget(keys(region, key));
            if (found.get(2).hasValue() && Long.parseLong(found.get(2).getValue()) > 0) {
                return Lookup.bypass();
            }
            long token = found.get(1).hasValue() ? Long.parseLong(found.get(1).getValue()) : 0;
            return new Lookup<>(found.get(0).hasValue() ? decode(region, found.get(0).getValue()) : null, token, false);
        } catch (RuntimeException e) {
            failed("read", e);
            return Lookup.bypass();
        }
    }

    @Override
    public <T> void store(Region<T> region, String key, long token, T value) {
        run("store", STORE, keys(region, key), Long.toString(token), json.writeValueAsString(value),
                Long.toString(ttl.toMillis()));
    }

    @Override
    public void beginChange(Region<?> region, String key) {
        run("invalidate", BEGIN, keys(region, key), Long.toString(CHANGE_TTL.toMillis()));
    }

    @Override
    public void endChange(Region<?> region, String key) {
        run("invalidate", END, keys(region, key), Long.toString(TOKEN_TTL.toMillis()));
    }

    /** An entry written by another version of the value's type is a miss, not a failure of Redis. */
    private <T> T decode(Region<T> region, String value) {
        try {
            return json.readValue(value, region.type());
        } catch (JacksonException e) {
            return null;
        }
    }

    private void run(String what, String script, String[] keys, String... args) {
        try {
            redis().eval(script, ScriptOutputType.INTEGER, keys, args);
        } catch (RuntimeException e) {
            failed(what, e);
        }
    }

    private void failed(String what, RuntimeException e) {
        boolean wasUsing = !clock.instant().isBefore(bypassUntil);
        bypassUntil = clock.instant().plus(ttl);
        if (wasUsing) {
            log.warn("Redis failed on a cache {} ({}): this instance reads from the database for the next {}",
                    what, e.toString(), ttl);
        }
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private String[] keys(Region<?> region, String key) {
        String base = prefix + region.name() + ":" + key;
        return new String[] {base, base + ":token", base + ":changing"};
    }
}
