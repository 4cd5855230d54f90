package dev.mercato.platform.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis, shared by every instance. When a Redis call fails the limiter falls back to
 * in-process buckets (docs/adr/0008): this class then answers "unavailable" without calling Redis
 * until the retry interval has passed, so requests are not held up by a Redis that is gone, and the
 * first call that succeeds afterwards brings the shared limits back. Gauge
 * {@code rate_limit.redis.available} shows the state, counter {@code rate_limit.redis.fallbacks}
 * how often it fell back.
 */
final class RedisBuckets implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    /** A full bucket is the same as no bucket: Redis drops it a little after it has refilled. */
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(10);

    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> proxies;
    private final String keyPrefix;
    private final Duration retryInterval;
    private final Clock clock;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final Counter fallbacks;
    private volatile Instant retryAt = Instant.MIN;

    RedisBuckets(RedisClient client, String keyPrefix, Duration retryInterval, Clock clock, TimeMeter time,
            MeterRegistry meters) {
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.proxies = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                .clientClock(time)
                .build();
        this.keyPrefix = keyPrefix;
        this.retryInterval = retryInterval;
        this.clock = clock;
        Gauge.builder("rate_limit.redis.available", available, a -> a.get() ? 1 : 0)
                .description("1 while rate limits are shared through Redis, 0 while they fell back to in-process")
                .register(meters);
        this.fallbacks = Counter.builder("rate_limit.redis.fallbacks")
                .description("times rate limiting lost Redis and fell back to in-process limits")
                .register(meters);
    }

    /** The outcome from the shared bucket, or empty when Redis is unavailable and the caller should limit in-process. */
    Optional<ConsumptionProbe> tryConsume(String key, Quota quota) {
        if (!available.get() && clock.instant().isBefore(retryAt)) {
            return Optional.empty();
        }
        try {
            ConsumptionProbe probe = proxies.getProxy(keyPrefix + key, quota::configuration).tryConsumeAndReturnRemaining(1);
            if (available.compareAndSet(false, true)) {
                log.info("Redis answers again: rate limits are shared between instances again");
            }
            return Optional.of(probe);
        } catch (RuntimeException e) {
            retryAt = clock.instant().plus(retryInterval);
            if (available.compareAndSet(true, false)) {
                fallbacks.increment();
                log.warn("Redis failed ({}): rate limits fall back to in-process buckets of this instance; "
                        + "Redis is tried again every {}", e.toString(), retryInterval);
            }
            return Optional.empty();
        }
    }

    boolean available() {
        return available.get();
    }

    @Override
    public void close() {
        connection.close();
    }
}
