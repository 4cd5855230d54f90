package dev.mercato.platform;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis, when {@code REDIS_URL} (property {@code mercato.redis-url}) is set. Mercato's correctness
 * never depends on it: modules use it to share short-lived signals, rate limits and cached reads
 * between instances, and fall back to per-instance behaviour without it.
 * <p>
 * Because Redis is optional, a Redis that stops answering must not hold requests up: commands time
 * out after {@code mercato.redis-timeout}, and while the connection is down they fail at once
 * instead of queueing, so callers take their fallback immediately. The client reconnects in the
 * background within about a second of Redis coming back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("mercato.redis-url")
class RedisConfiguration {

    /** Connecting may take longer than a command (TLS, a remote host); reconnects happen in the background. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Bean(destroyMethod = "shutdown")
    ClientResources redisClientResources() {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(ClientResources resources, @Value("${mercato.redis-url}") String url,
            @Value("${mercato.redis-timeout:PT0.5S}") Duration timeout) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    /** Tries three times: one slow handshake on a busy machine should not stop the instance from starting. */
    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        RedisConnectionException failed = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return client.connect();
            } catch (RedisConnectionException e) {
                failed = e;
            }
        }
        throw failed;
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
