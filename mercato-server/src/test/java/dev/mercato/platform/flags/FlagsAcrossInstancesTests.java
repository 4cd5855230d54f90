package dev.mercato.platform.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.Instances;
import dev.mercato.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Four instances on one database, in environment {@code staging}: the one that changes a flag
 * applies it at once; one with Redis and a poll so slow it never runs during the test learns
 * through Redis alone; one without Redis learns by polling; one without Redis whose poll never
 * runs keeps evaluating its old snapshot, so evaluation does not read the database.
 */
class FlagsAcrossInstancesTests {

    static final String ADMIN_KEY = "mk_flags_admin_key_0123456789abcdefghij";
    static final Duration POLL = Duration.ofMillis(500);
    static ConfigurableApplicationContext changer;
    static ConfigurableApplicationContext viaRedis;
    static ConfigurableApplicationContext polling;
    static ConfigurableApplicationContext neverPolls;

    @BeforeAll
    static void start() {
        String database = TestDatabases.create();
        String redis = "--mercato.redis-url="
                + System.getenv().getOrDefault("MERCATO_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        String slowPoll = "--mercato.flags.poll-interval=PT1H";
        changer = start(database, redis, slowPoll);
        // The first instance has migrated the database; the others start side by side.
        CompletableFuture<ConfigurableApplicationContext> second = CompletableFuture.supplyAsync(() -> start(database, redis, slowPoll));
        CompletableFuture<ConfigurableApplicationContext> third = CompletableFuture.supplyAsync(
                () -> start(database, "--mercato.flags.poll-interval=" + POLL));
        CompletableFuture<ConfigurableApplicationContext> fourth = CompletableFuture.supplyAsync(() -> start(database, slowPoll));
        viaRedis = second.join();
        polling = third.join();
        neverPolls = fourth.join();
    }

    private static ConfigurableApplicationContext start(String database, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--mercato.bootstrap-admin-key=" + ADMIN_KEY;
        all[1] = "--mercato.environment=staging";
        System.arraycopy(args, 0, all, 2, args.length);
        return Instances.startOn(database, all);
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {neverPolls, polling, viaRedis, changer}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    void aKilledFlagIsOffAtOnceHereAtOnceThroughRedisAndWithinThePollIntervalWithout() {
        Api.Client onChanger = client(changer);
        Api.Response created = onChanger.post("/v1/admin/flags", Map.of("key", "checkout_v2", "type", "boolean",
                "environment_defaults", Map.of("staging", "on")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(flag(changer).path("variant").asString()).isEqualTo("on");
        assertThat(client(changer).get("/v1/flags").text("environment")).isEqualTo("staging");
        assertThat(within(Duration.ofSeconds(1), viaRedis, f -> f.path("variant").asString().equals("on"))).isTrue();
        assertThat(within(POLL.plusSeconds(2), polling, f -> f.path("variant").asString().equals("on"))).isTrue();

        assertThat(onChanger.post("/v1/admin/flags/checkout_v2/kill", Map.of()).status()).isEqualTo(200);

        assertThat(flag(changer).path("reason").asString()).isEqualTo("DISABLED");
        assertThat(within(Duration.ofSeconds(1), viaRedis, f -> f.path("reason").asString().equals("DISABLED")))
                .as("through Redis, with no poll running").isTrue();
        assertThat(within(POLL.plusSeconds(2), polling, f -> f.path("reason").asString().equals("DISABLED")))
                .as("by polling, without Redis").isTrue();
        assertThat(client(neverPolls).get("/v1/flags").body().path("flags").has("checkout_v2"))
                .as("an instance that has not reloaded still evaluates its old snapshot").isFalse();
    }

    @Test
    void theGlobalKillSwitchReachesTheOtherInstances() {
        Api.Response created = client(changer).post("/v1/admin/flags", Map.of("key", "search_v3", "type", "boolean",
                "default_variant", "on"));
        assertThat(created.status()).isEqualTo(201);
        Predicate<JsonNode> on = f -> f.path("variant").asString().equals("on");
        Predicate<JsonNode> disabled = f -> f.path("reason").asString().equals("DISABLED");
        assertThat(within(Duration.ofSeconds(1), viaRedis, "search_v3", on)).isTrue();
        assertThat(within(POLL.plusSeconds(2), polling, "search_v3", on)).isTrue();
        try {
            assertThat(client(changer).post("/v1/admin/flag-kill-switch", Map.of("engaged", true)).status()).isEqualTo(200);

            assertThat(disabled.test(flag(changer, "search_v3"))).isTrue();
            assertThat(within(Duration.ofSeconds(1), viaRedis, "search_v3", disabled)).isTrue();
            assertThat(within(POLL.plusSeconds(2), polling, "search_v3", disabled)).isTrue();
        } finally {
            client(changer).post("/v1/admin/flag-kill-switch", Map.of("engaged", false));
        }
        assertThat(within(Duration.ofSeconds(1), viaRedis, "search_v3", on)).isTrue();
    }

    private static boolean within(Duration limit, ConfigurableApplicationContext instance, Predicate<JsonNode> condition) {
        return within(limit, instance, "checkout_v2", condition);
    }

    private static boolean within(Duration limit, ConfigurableApplicationContext instance, String key,
            Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            boolean holds = condition.test(flag(instance, key));
            if (holds || System.nanoTime() > deadline) {
                return holds;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static JsonNode flag(ConfigurableApplicationContext instance) {
        return flag(instance, "checkout_v2");
    }

    private static JsonNode flag(ConfigurableApplicationContext instance, String key) {
        Api.Response mine = client(instance).get("/v1/flags");
        assertThat(mine.status()).isEqualTo(200);
        return mine.body().path("flags").path(key);
    }

    private static Api.Client client(ConfigurableApplicationContext instance) {
        return Instances.api(instance).as(ADMIN_KEY);
    }
}
