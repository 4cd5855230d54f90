package dev.mercato.platform.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Takes one token from a bucket: the shared one in Redis when Redis is configured and answering,
 * else this instance's own.
 */
@Component
class RateLimiter implements DisposableBean {

    private final EndpointClasses classes;
    private final LocalBuckets local;
    private final RedisBuckets redis;
    private final MeterRegistry meters;

    RateLimiter(RateLimitProperties properties, ObjectProvider<RedisClient> redisClient, Clock clock, MeterRegistry meters) {
        this.classes = new EndpointClasses(properties);
        ClockTimeMeter time = new ClockTimeMeter(clock);
        this.local = new LocalBuckets(classes.longestPeriod(), properties.maxLocalBuckets(), time);
        RedisClient client = redisClient.getIfAvailable();
        this.redis = client == null ? null
                : new RedisBuckets(client, properties.redisKeyPrefix(), properties.redisRetryInterval(), clock, time, meters);
        this.meters = meters;
    }

    EndpointClasses classes() {
        return classes;
    }

    Decision consume(Quota quota, String subject) {
        String key = quota.bucketKey(subject);
        ConsumptionProbe probe = redis == null ? local.tryConsume(key, quota)
                : redis.tryConsume(key, quota).orElseGet(() -> local.tryConsume(key, quota));
        if (!probe.isConsumed()) {
            meters.counter("rate_limit.rejections", "endpoint_class", quota.name()).increment();
        }
        return new Decision(quota, probe);
    }

    @Override
    public void destroy() {
        if (redis != null) {
            redis.close();
        }
    }

    /** What a request learned from its bucket, in the terms of the RateLimit headers (whole seconds, rounded up). */
    record Decision(Quota quota, ConsumptionProbe probe) {

        boolean allowed() {
            return probe.isConsumed();
        }

        long remaining() {
            return probe.getRemainingTokens();
        }

        long resetSeconds() {
            return seconds(probe.getNanosToWaitForReset());
        }

        long retryAfterSeconds() {
            return Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        }

        private static long seconds(long nanos) {
            return (nanos + 999_999_999) / 1_000_000_000;
        }
    }
}
