package dev.mercato.identity;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tells every Mercato instance that an API key was revoked, so each drops its authentication cache
 * at once. Without Redis, other instances notice within the cache's few seconds.
 */
@Component
class RevocationBroadcast {

    static final String CHANNEL = "mercato:api-key-revoked";
    private static final Logger log = LoggerFactory.getLogger(RevocationBroadcast.class);

    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile Runnable onRevocation = () -> {
    };

    RevocationBroadcast(ObjectProvider<RedisClient> client, ObjectProvider<StatefulRedisConnection<String, String>> connection) {
        this.publisher = connection.getIfAvailable();
        RedisClient redis = client.getIfAvailable();
        if (redis == null) {
            this.subscriber = null;
            return;
        }
        this.subscriber = redis.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onRevocation.run();
            }
        });
        subscriber.sync().subscribe(CHANNEL);
    }

    void onRevocation(Runnable action) {
        this.onRevocation = action;
    }

    void announce(String keyId) {
        if (publisher == null) {
            return;
        }
        try {
            publisher.sync().publish(CHANNEL, keyId);
        } catch (RuntimeException e) {
            log.warn("could not announce the revocation of {} through Redis; other instances notice within {}",
                    keyId, ApiKeyManagement.CACHE_TTL, e);
        }
    }

    @PreDestroy
    void close() {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
