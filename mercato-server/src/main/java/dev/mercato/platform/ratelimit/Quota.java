package dev.mercato.platform.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * A named limit: {@code limit} requests per {@code period}. The bucket holds {@code limit} tokens
 * and refills them evenly over the period, so a burst up to the limit is allowed and the sustained
 * rate never exceeds it.
 */
record Quota(String name, long limit, Duration period) {

    Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(limit).refillGreedy(limit, period).build();
    }

    BucketConfiguration configuration() {
        return BucketConfiguration.builder().addLimit(bandwidth()).build();
    }

    /** The limit and period are part of the key, so a changed setting starts fresh buckets instead of reusing old ones. */
    String bucketKey(String subject) {
        return name + ":" + limit + "/" + period.toMillis() + ":" + subject;
    }

    /** For people: "10 requests per minute". */
    String describe() {
        String per = period.equals(Duration.ofMinutes(1)) ? "minute"
                : period.equals(Duration.ofHours(1)) ? "hour"
                : period.equals(Duration.ofDays(1)) ? "day" : period.toSeconds() + " s";
        return limit + " requests per " + per;
    }

    /** The {@code RateLimit-Policy} value: the limit and its window in seconds. */
    String policy() {
        return limit + ";w=" + Math.max(1, period.toSeconds());
    }
}
