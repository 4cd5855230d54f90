package dev.mercato.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.Instances;
import dev.mercato.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Mercato instances on one database and one Redis: a key revoked through one instance stops
 * working on the other at once, well inside the few seconds its authentication cache would
 * otherwise keep it alive.
 */
class RevocationAcrossInstancesTests {

    static final String ADMIN_KEY = "mk_revocation_admin_key_0123456789abcdef";
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        String database = TestDatabases.create();
        String redis = System.getenv().getOrDefault("MERCATO_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        first = Instances.startOn(database, "--mercato.redis-url=" + redis, "--mercato.bootstrap-admin-key=" + ADMIN_KEY);
        second = Instances.startOn(database, "--mercato.redis-url=" + redis, "--mercato.bootstrap-admin-key=" + ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedByTheOtherAtOnce() throws InterruptedException {
        Api a = api(first);
        Api b = api(second);
        String user = a.as(ADMIN_KEY).post("/v1/users", Map.of("name", "Revoked soon")).id();
        Api.Response issued = a.as(ADMIN_KEY).post("/v1/api-keys", Map.of("user_id", user));
        String secret = issued.text("secret");
        assertThat(b.as(secret).get("/v1/users/me").status()).isEqualTo(200);

        assertThat(a.as(ADMIN_KEY).delete("/v1/api-keys/" + issued.id()).status()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        Api.Response after = b.as(secret).get("/v1/users/me");
        while (after.status() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            after = b.as(secret).get("/v1/users/me");
        }
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.code()).isEqualTo("api_key_revoked");
    }

    @Test
    void healthIncludesRedisWhenConfigured() {
        HealthIndicator redis = first.getBean("redis", HealthIndicator.class);
        assertThat(redis.health().getStatus()).isEqualTo(Status.UP);
        assertThat(api(first).anonymous().get("/actuator/health").text("status")).isEqualTo("UP");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return Instances.api(context);
    }
}
