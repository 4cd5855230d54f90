package dev.mercato.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.Instances;
import dev.mercato.testing.Marketplace;
import dev.mercato.testing.PrivateRedis;
import dev.mercato.testing.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two Mercato instances on one database and one Redis of the test's own: they share rate limits,
 * idempotency and the listing cache; when that Redis dies they limit on their own and keep
 * answering, and they share again once it is back; a Redis that hangs holds up few requests. The
 * tests that kill and freeze Redis run last because the others use that Redis. Class
 * {@code probe}: 10 requests per hour on {@code GET /v1/users/me}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTests {

    static final String ADMIN_KEY = "mk_two_instances_admin_key_0123456789ab";
    static PrivateRedis redis;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        redis = PrivateRedis.start();
        String database = TestDatabases.create();
        String[] args = {"--mercato.redis-url=" + redis.url(), "--mercato.bootstrap-admin-key=" + ADMIN_KEY,
                // A generous command timeout: a slow moment on a busy test machine must not look like a lost Redis.
                "--mercato.redis-timeout=PT2S",
                "--mercato.rate-limits.classes.probe.limit=10", "--mercato.rate-limits.classes.probe.period=PT1H",
                "--mercato.rate-limits.classes.probe.endpoints=GET /v1/users/me"};
        first = Instances.startOn(database, args);
        second = Instances.startOn(database, args);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void bothInstancesCountAgainstOneSharedLimit() {
        String key = fixtures().keyFor(fixtures().user());

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(api(first).as(key).get("/v1/users/me").status());
        }
        for (int i = 0; i < 6; i++) {
            statuses.add(api(second).as(key).get("/v1/users/me").status());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429, 429);
    }

    @Test
    @Order(2)
    void anIdempotentPostSentToEachInstanceRunsOnceAndAnswersTheSame() {
        String name = "Idempotent " + UUID.randomUUID();
        String idempotencyKey = UUID.randomUUID().toString();

        Api.Response onFirst = api(first).as(ADMIN_KEY).idempotencyKey(idempotencyKey).post("/v1/users", Map.of("name", name));
        Api.Response onSecond = api(second).as(ADMIN_KEY).idempotencyKey(idempotencyKey).post("/v1/users", Map.of("name", name));

        assertThat(onFirst.status()).isEqualTo(201);
        assertThat(onSecond.status()).isEqualTo(201);
        assertThat(onSecond.body()).isEqualTo(onFirst.body());
        assertThat(onSecond.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(jdbc().queryForObject("SELECT count(*) FROM users WHERE name = ?", Long.class, name)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aListingChangedThroughOneInstanceReadsChangedOnTheOtherAndReadsHitTheSharedCache() {
        Course course = publishedCourse();
        String listing = course.id();
        Api.Client anonymousOnFirst = api(first).anonymous();
        Api.Client anonymousOnSecond = api(second).anonymous();
        double hitsBefore = hits(first);

        String original = anonymousOnSecond.get("/v1/listings/" + listing).text("title");
        assertThat(anonymousOnFirst.get("/v1/listings/" + listing).text("title")).isEqualTo(original);
        assertThat(hits(first)).as("the first instance read what the second cached").isEqualTo(hitsBefore + 1);

        for (int edition = 1; edition <= 5; edition++) {
            Api.Client editor = api(edition % 2 == 0 ? first : second).as(course.sellerKey());
            assertThat(editor.patch("/v1/listings/" + listing, Map.of("title", "Edition " + edition)).status()).isEqualTo(200);
            assertThat(anonymousOnFirst.get("/v1/listings/" + listing).text("title")).isEqualTo("Edition " + edition);
            assertThat(anonymousOnSecond.get("/v1/listings/" + listing).text("title")).isEqualTo("Edition " + edition);
        }
        assertThat(api(first).as(course.sellerKey()).post("/v1/listings/" + listing + "/unpublish", Map.of()).status())
                .isEqualTo(200);
        assertThat(anonymousOnSecond.get("/v1/listings/" + listing).status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void aReadAfterAnUpdateShowsItWhileOthersKeepReadingOnBothInstances() throws Exception {
        Course course = publishedCourse();
        String listing = course.id();
        Api.Client seller = api(first).as(course.sellerKey());
        AtomicBoolean done = new AtomicBoolean();
        try (ExecutorService readers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (ConfigurableApplicationContext instance : List.of(first, second, first, second)) {
                running.add(readers.submit(() -> {
                    while (!done.get()) {
                        api(instance).anonymous().get("/v1/listings/" + listing);
                    }
                }));
            }
            try {
                for (int edition = 1; edition <= 20; edition++) {
                    assertThat(seller.patch("/v1/listings/" + listing, Map.of("title", "Race " + edition)).status())
                            .isEqualTo(200);
                    assertThat(api(second).anonymous().get("/v1/listings/" + listing).text("title"))
                            .isEqualTo("Race " + edition);
                    assertThat(api(first).anonymous().get("/v1/listings/" + listing).text("title"))
                            .isEqualTo("Race " + edition);
                }
            } finally {
                done.set(true);
            }
            for (Future<?> reader : running) {
                reader.get();
            }
        }
    }

    @Test
    @Order(5)
    void whenRedisDiesEachInstanceLimitsOnItsOwnAndKeepsAnsweringAndSharesAgainWhenRedisReturns() {
        HttpFixtures fixtures = fixtures();
        String duringOutage = fixtures.keyFor(fixtures.user());
        String afterOutage = fixtures.keyFor(fixtures.user());
        Course course = publishedCourse();
        String listing = course.id();
        Api.Client seller = api(first).as(course.sellerKey());
        api(second).anonymous().get("/v1/listings/" + listing);
        double fallbacksBefore = meters(first).counter("rate_limit.redis.fallbacks").count();

        redis.kill();

        for (ConfigurableApplicationContext instance : List.of(first, second)) {
            long slowest = 0;
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                assertThat(api(instance).as(duringOutage).get("/v1/users/me").status()).isEqualTo(200);
                slowest = Math.max(slowest, System.nanoTime() - started);
            }
            assertThat(api(instance).as(duringOutage).get("/v1/users/me").status())
                    .as("limited in-process: 10 per instance").isEqualTo(429);
            assertThat(slowest / 1_000_000).as("ms of the slowest request while Redis is gone").isLessThan(1_000);
            assertThat(available(instance)).isZero();
        }
        assertThat(meters(first).counter("rate_limit.redis.fallbacks").count()).isEqualTo(fallbacksBefore + 1);
        assertThat(seller.patch("/v1/listings/" + listing, Map.of("title", "Changed while Redis was gone")).status())
                .isEqualTo(200);
        assertThat(api(second).anonymous().get("/v1/listings/" + listing).text("title"))
                .isEqualTo("Changed while Redis was gone");

        redis.restart();

        assertThat(Eventually.holds(() -> {
            api(first).as(ADMIN_KEY).get("/v1/categories");
            api(second).as(ADMIN_KEY).get("/v1/categories");
            return available(first) == 1 && available(second) == 1;
        })).as("both instances use Redis again").isTrue();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(api(first).as(afterOutage).get("/v1/users/me").status());
            statuses.add(api(second).as(afterOutage).get("/v1/users/me").status());
        }
        assertThat(statuses).as("one shared limit of 10 again").containsExactly(200, 200, 200, 200, 200, 200, 200, 200,
                200, 200, 429, 429);
    }

    @Test
    @Order(6)
    void aRedisThatHangsHoldsUpOnlyTheRequestThatFindsOut() {
        String key = fixtures().keyFor(fixtures().user());
        redis.pause();
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                assertThat(api(first).as(key).get("/v1/users/me").status()).isEqualTo(200);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(available(first)).isZero();
            assertThat(millis).as("ms for 10 requests; each would wait the 2 s timeout without the fallback")
                    .isLessThan(8_000);
        } finally {
            redis.resume();
        }
        assertThat(Eventually.holds(() -> {
            api(first).as(ADMIN_KEY).get("/v1/categories");
            return available(first) == 1;
        })).as("shared again once Redis answers").isTrue();
    }

    /** A free published course; returns its id and its seller's key, usable on either instance. */
    private static Course publishedCourse() {
        HttpFixtures fixtures = fixtures();
        String key = fixtures.keyFor(fixtures.user());
        Marketplace marketplace = new Marketplace(api(first), api(first).as(ADMIN_KEY), jdbc());
        return new Course(marketplace.publishCourse(api(first).as(key), marketplace.category(), 0), key);
    }

    private record Course(String id, String sellerKey) {
    }

    private static HttpFixtures fixtures() {
        return new HttpFixtures(api(first), api(first).as(ADMIN_KEY));
    }

    private static Api api(ConfigurableApplicationContext instance) {
        return Instances.api(instance);
    }

    private static JdbcTemplate jdbc() {
        return first.getBean(JdbcTemplate.class);
    }

    private static MeterRegistry meters(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class);
    }

    private static double hits(ConfigurableApplicationContext instance) {
        return meters(instance).counter("cache.gets", "cache", "listings", "result", "hit").count();
    }

    private static double available(ConfigurableApplicationContext instance) {
        return meters(instance).get("rate_limit.redis.available").gauge().value();
    }
}
