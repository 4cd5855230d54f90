package dev.mercato.platform.flags;

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
 * Tells every Mercato instance that flags changed, so each reloads its snapshot at once (the same
 * pattern as identity's revocation broadcast). Without Redis, or when a message is lost, the poll
 * of {@code feature_flag_state} catches up within {@code mercato.flags.poll-interval}.
 */
@Component
class FlagBroadcast {

    static final String CHANNEL = "mercato:feature-flags-changed";
    private static final Logger log = LoggerFactory.getLogger(FlagBroadcast.class);

    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile Runnable onChange = () -> {
    };

    FlagBroadcast(ObjectProvider<RedisClient> client, ObjectProvider<StatefulRedisConnection<String, String>> connection) {
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
                onChange.run();
            }
        });
        subscriber.sync().subscribe(CHANNEL);
    }

    void onChange(Runnable action) {
        this.onChange = action;
    }

    void announce(long version) {
        if (publisher == null) {
            return;
        }
        try {
            publisher.sync().publish(CHANNEL, Long.toString(version));
        } catch (RuntimeException e) {
            log.warn("could not announce flag version {} through Redis; other instances poll for it", version, e);
        }
    }

    @PreDestroy
    void close() {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
