package dev.mercato.platform;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis, when {@code REDIS_URL} (property {@code mercato.redis-url}) is set. Mercato's correctness
 * never depends on it: modules use it to share short-lived signals between instances, and fall
 * back to per-instance behaviour without it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("mercato.redis-url")
class RedisConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(@Value("${mercato.redis-url}") String url) {
        return RedisClient.create(url);
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }

    @Bean
    HealthIndicator redis(StatefulRedisConnection<String, String> connection) {
        return () -> {
            try {
                return Health.up().withDetail("ping", connection.sync().ping()).build();
            } catch (RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }
}
