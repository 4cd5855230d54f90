package dev.mercato.platform.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.cache.*}.
 *
 * @param enabled        false sends every read to the database
 * @param ttl            how long an entry lives at most: the backstop for a change that was not declared,
 *                       and how long this instance leaves the Redis cache alone after Redis failed
 * @param maxEntries     how many entries the in-process cache keeps (without Redis)
 * @param redisKeyPrefix prefix of the cache keys in Redis
 */
@ConfigurationProperties("mercato.cache")
public record CacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT30S") Duration ttl,
        @DefaultValue("10000") int maxEntries, @DefaultValue("mercato:cache:") String redisKeyPrefix) {
}
