package dev.mercato.platform;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Short messages to every Mercato instance through Redis pub/sub, when Redis is configured — a
 * hint that lets other instances react at once (drop a cache, reload a snapshot). Delivery is best
 * effort: without Redis, or when a message is lost, each user of a channel must still catch up on
 * its own (a short cache TTL, a poll). Listeners run on Redis's I/O thread and must not block.
 */
@Component
public class Broadcasts {

    private static final Logger log = LoggerFactory.getLogger(Broadcasts.class);

    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

    Broadcasts(ObjectProvider<RedisClient> client, ObjectProvider<StatefulRedisConnection<String, String>> connection) {
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
                listeners.getOrDefault(channel, List.of()).forEach(listener -> listener.accept(message));
            }
        });
    }

    /** Calls {@code listener} with every message another instance (or this one) publishes on {@code channel}. */
    public void subscribe(String channel, Consumer<String> listener) {
        boolean first = listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).isEmpty();
        listeners.get(channel).add(listener);
        if (first && subscriber != null) {
            subscriber.sync().subscribe(channel);
        }
    }

    /** Publishes {@code message} on {@code channel}; without Redis, or if Redis fails, nothing is sent. */
    public void publish(String channel, String message) {
        if (publisher == null) {
            return;
        }
        try {
            publisher.sync().publish(channel, message);
        } catch (RuntimeException e) {
            log.warn("could not publish {} on {} through Redis; other instances catch up on their own", message, channel, e);
        }
    }

    @PreDestroy
    void close() {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
