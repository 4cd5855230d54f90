package dev.mercato.platform.cache;

import dev.mercato.platform.ReadCache;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
class CacheConfiguration {

    @Bean
    ReadCache readCache(CacheProperties properties, ObjectProvider<StatefulRedisConnection<String, String>> redis,
            ObjectMapper json, Clock clock, MeterRegistry meters) {
        if (!properties.enabled()) {
            return new Uncached();
        }
        StatefulRedisConnection<String, String> connection = redis.getIfAvailable();
        CacheStore store = connection == null ? new LocalCacheStore(properties.ttl(), properties.maxEntries())
                : new RedisCacheStore(connection, json, clock, properties);
        return new TransactionalReadCache(store, meters);
    }

    /** {@code mercato.cache.enabled=false}: every read goes to the loader. */
    private static final class Uncached implements ReadCache {

        @Override
        public <T> Optional<T> read(Region<T> region, String key, Supplier<Optional<T>> loader) {
            return loader.get();
        }

        @Override
        public void invalidate(Region<?> region, String key) {
        }
    }
}
