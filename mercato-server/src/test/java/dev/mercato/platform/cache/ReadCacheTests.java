package dev.mercato.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.ReadCache;
import dev.mercato.platform.ReadCache.Region;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read cache's promise, for both stores (in-process, and Redis with a key prefix of its own):
 * a load that raced a change never puts the old value back, and while a change is in flight reads
 * go to the loader. Loaders here stand in for the database and count how often they are asked.
 */
class ReadCacheTests {

    record Item(String name, int version) {
    }

    static final Region<Item> ITEMS = new Region<>("items", Item.class);
    static RedisClient redisClient;
    static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void connect() {
        redisClient = RedisClient.create(System.getenv().getOrDefault("MERCATO_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
        redis = redisClient.connect();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        redisClient.shutdown();
    }

    static List<Named<Supplier<CacheStore>>> stores() {
        CacheProperties properties = new CacheProperties(true, Duration.ofMinutes(1), 100,
                "mercato-test:" + UUID.randomUUID() + ":");
        return List.of(
                Named.of("in-process", () -> new LocalCacheStore(properties.ttl(), properties.maxEntries())),
                Named.of("redis", () -> new RedisCacheStore(redis, JsonMapper.builder().build(), Clock.systemUTC(), properties)));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aValueLoadedOnceIsServedFromTheCacheAndCountedAsAHit(Supplier<CacheStore> store) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReadCache cache = new TransactionalReadCache(store.get(), meters);
        Database database = new Database(new Item("first", 1));

        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("first", 1));
        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("first", 1));

        assertThat(database.loads.get()).isEqualTo(1);
        assertThat(meters.counter("cache.gets", "cache", "items", "result", "hit").count()).isEqualTo(1);
        assertThat(meters.counter("cache.gets", "cache", "items", "result", "miss").count()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aChangeDropsTheEntrySoTheNextReadLoadsTheNewValue(Supplier<CacheStore> store) {
        ReadCache cache = new TransactionalReadCache(store.get(), new SimpleMeterRegistry());
        Database database = new Database(new Item("first", 1));
        cache.read(ITEMS, "a", database::load);

        database.value = new Item("second", 2);
        cache.invalidate(ITEMS, "a");

        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("second", 2));
        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("second", 2));
        assertThat(database.loads.get()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLoadThatReadTheOldValueBeforeAChangeCommittedDoesNotCacheIt(Supplier<CacheStore> store) {
        ReadCache cache = new TransactionalReadCache(store.get(), new SimpleMeterRegistry());
        Database database = new Database(new Item("old", 1));

        Optional<Item> raced = cache.read(ITEMS, "a", () -> {
            Optional<Item> old = database.load();
            database.value = new Item("new", 2);
            cache.invalidate(ITEMS, "a");
            return old;
        });

        assertThat(raced).hasValue(new Item("old", 1));
        assertThat(cache.read(ITEMS, "a", database::load)).as("the old value was not cached").hasValue(new Item("new", 2));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void whileAChangeIsInFlightReadsGoToTheDatabaseAndCannotFillTheCache(Supplier<CacheStore> store) {
        ReadCache cache = new TransactionalReadCache(store.get(), new SimpleMeterRegistry());
        Database database = new Database(new Item("old", 1));
        cache.read(ITEMS, "a", database::load);

        List<TransactionSynchronization> transaction = inTransaction(() -> cache.invalidate(ITEMS, "a"));
        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("old", 1));
        database.value = new Item("new", 2);
        assertThat(cache.read(ITEMS, "a", database::load)).as("committed, not yet completed").hasValue(new Item("new", 2));
        assertThat(database.loads.get()).isEqualTo(3);
        transaction.forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));

        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("new", 2));
        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("new", 2));
        assertThat(database.loads.get()).as("cached again after the change completed").isEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aChangeThatRolledBackAlsoEndsTheBypass(Supplier<CacheStore> store) {
        ReadCache cache = new TransactionalReadCache(store.get(), new SimpleMeterRegistry());
        Database database = new Database(new Item("same", 1));

        inTransaction(() -> cache.invalidate(ITEMS, "a"))
                .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
        cache.read(ITEMS, "a", database::load);
        cache.read(ITEMS, "a", database::load);

        assertThat(database.loads.get()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void absentValuesAreNotCached(Supplier<CacheStore> store) {
        ReadCache cache = new TransactionalReadCache(store.get(), new SimpleMeterRegistry());
        Database database = new Database(null);
        assertThat(cache.read(ITEMS, "a", database::load)).isEmpty();

        database.value = new Item("created", 1);

        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("created", 1));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aChangeOfAnotherKeyDoesNotKeepALoadFromBeingCached(Supplier<CacheStore> store) {
        ReadCache cache = new TransactionalReadCache(store.get(), new SimpleMeterRegistry());
        Database database = new Database(new Item("steady", 1));

        cache.read(ITEMS, "a", () -> {
            cache.invalidate(ITEMS, "b"); // another key changes (a consume of another counter) while "a" loads
            return database.load();
        });
        cache.read(ITEMS, "a", database::load);

        assertThat(database.loads.get()).as("the load of a was cached despite b's change").isEqualTo(1);
    }

    /**
     * One writer changes key "a" over and over (in a transaction, completed after it), each time
     * reading it straight after completion, while readers fill and hit the cache and a third thread
     * changes other keys: every read after a completed change sees that change, never an older value
     * a racing load put back.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void underConcurrentLoadsAndChangesNoReadAfterACompletedChangeSeesAnOlderValue(Supplier<CacheStore> store)
            throws Exception {
        ReadCache cache = new TransactionalReadCache(store.get(), new SimpleMeterRegistry());
        Database database = new Database(new Item("v", 0));
        int changes = 1_000;
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> others = new java.util.ArrayList<>();
        for (int r = 0; r < 3; r++) {
            others.add(Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    cache.read(ITEMS, "a", database::load);
                }
            }));
        }
        others.add(Thread.ofPlatform().start(() -> {
            for (int i = 0; !done.get(); i++) {
                String other = "other-" + (i % 50);
                inTransaction(() -> cache.invalidate(ITEMS, other))
                        .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
            }
        }));
        List<Integer> stale = new java.util.ArrayList<>();
        try {
            for (int version = 1; version <= changes; version++) {
                int committed = version;
                List<TransactionSynchronization> transaction = inTransaction(() -> {
                    cache.invalidate(ITEMS, "a");
                    database.value = new Item("v", committed);
                });
                transaction.forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
                int seen = cache.read(ITEMS, "a", database::load).orElseThrow().version();
                if (seen != committed) {
                    stale.add(seen);
                }
            }
        } finally {
            done.set(true);
            for (Thread t : others) {
                t.join();
            }
        }

        assertThat(stale).as("reads after a completed change that saw an older value").isEmpty();
        assertThat(cache.read(ITEMS, "a", database::load)).hasValue(new Item("v", changes));
        int loads = database.loads.get();
        cache.read(ITEMS, "a", database::load);
        assertThat(database.loads.get()).as("cached once the changes stopped").isEqualTo(loads);
    }

    /** Runs the action as if inside a transaction and hands back what should run when it ends. */
    private static List<TransactionSynchronization> inTransaction(Runnable action) {
        TransactionSynchronizationManager.initSynchronization();
        try {
            action.run();
            return TransactionSynchronizationManager.getSynchronizations();
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    private static final class Database {

        final AtomicInteger loads = new AtomicInteger();
        volatile Item value;

        Database(Item value) {
            this.value = value;
        }

        Optional<Item> load() {
            loads.incrementAndGet();
            return Optional.ofNullable(value);
        }
    }
}
