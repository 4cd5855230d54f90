package dev.mercato.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * Buckets in this instance's memory: the limits without Redis, and while Redis is away. A bucket
 * unused for the longest period is full again, so dropping it then loses nothing; the number kept is
 * bounded so a flood of client addresses cannot exhaust memory.
 */
final class LocalBuckets {

    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;

    LocalBuckets(Duration idleAfter, int maxBuckets, TimeMeter time) {
        this.buckets = Caffeine.newBuilder().expireAfterAccess(idleAfter).maximumSize(maxBuckets).build();
        this.time = time;
    }

    ConsumptionProbe tryConsume(String key, Quota quota) {
        return buckets.get(key, k -> Bucket.builder().addLimit(quota.bandwidth()).withCustomTimePrecision(time).build())
                .tryConsumeAndReturnRemaining(1);
    }
}
