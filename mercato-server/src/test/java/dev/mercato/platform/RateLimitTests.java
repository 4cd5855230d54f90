package dev.mercato.platform;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.Instances;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rate limits on an instance of their own, without Redis, with small limits: a class {@code probe}
 * of 3 requests per hour on {@code GET /v1/users/me}, 3 per hour for anonymous category reads, and
 * 20 requests per hour per client address. The instance trusts X-Forwarded-For from loopback (as
 * behind a reverse proxy), so every test comes from an address of its own and tests do not share
 * the address limit.
 */
class RateLimitTests {

    static final String ADMIN_KEY = "mk_rate_limit_admin_key_0123456789abcdef";
    static final AtomicInteger ADDRESSES = new AtomicInteger();
    static ConfigurableApplicationContext instance;

    String address;
    Api api;
    Api.Client admin;
    HttpFixtures fixtures;

    @BeforeAll
    static void start() {
        instance = Instances.start("--mercato.bootstrap-admin-key=" + ADMIN_KEY, "--server.forward-headers-strategy=native",
                "--mercato.rate-limits.classes.probe.limit=3", "--mercato.rate-limits.classes.probe.period=PT1H",
                "--mercato.rate-limits.classes.probe.endpoints=GET /v1/users/me",
                "--mercato.rate-limits.classes.catalogreads.limit=3", "--mercato.rate-limits.classes.catalogreads.period=PT1H",
                "--mercato.rate-limits.classes.catalogreads.endpoints=GET /v1/categories",
                "--mercato.rate-limits.classes.ip.limit=20", "--mercato.rate-limits.classes.ip.period=PT1H");
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @BeforeEach
    void client() {
        address = "203.0.113." + ADDRESSES.incrementAndGet();
        api = Instances.api(instance);
        admin = from(api.as(ADMIN_KEY));
        fixtures = new HttpFixtures(api, admin);
    }

    @Test
    void allowedRequestsCarryTheLimitWhatRemainsAndWhenItIsFullAgain() {
        Api.Client user = newUser();

        for (int remaining = 2; remaining >= 0; remaining--) {
            Api.Response allowed = user.get("/v1/users/me");
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(header(allowed, "RateLimit-Limit")).isEqualTo("3");
            assertThat(header(allowed, "RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
            assertThat(header(allowed, "RateLimit-Policy")).isEqualTo("3;w=3600");
            assertThat(Long.parseLong(header(allowed, "RateLimit-Reset"))).isBetween(1L, 3600L);
        }
    }

    @Test
    void theRequestPastTheLimitGets429WithRetryAfterAndProblemJson() {
        Api.Client user = newUser();
        for (int i = 0; i < 3; i++) {
            assertThat(user.get("/v1/users/me").status()).isEqualTo(200);
        }

        Api.Response rejected = user.get("/v1/users/me");

        assertProblem(rejected, 429, "rate_limited");
        assertThat(rejected.text("endpoint_class")).isEqualTo("probe");
        long retryAfter = Long.parseLong(header(rejected, "Retry-After"));
        assertThat(retryAfter).as("one token comes back every 20 minutes").isBetween(1150L, 1200L);
        assertThat(rejected.number("retry_after")).isEqualTo(retryAfter);
        assertThat(header(rejected, "RateLimit-Remaining")).isEqualTo("0");
        assertThat(header(rejected, "RateLimit-Limit")).isEqualTo("3");
        assertThat(header(rejected, "RateLimit-Policy")).isEqualTo("3;w=3600");
        assertThat(Long.parseLong(header(rejected, "RateLimit-Reset"))).isBetween(3500L, 3600L);
    }

    @Test
    void eachApiKeyHasItsOwnLimit() {
        Api.Client first = newUser();
        Api.Client second = newUser();
        for (int i = 0; i < 3; i++) {
            first.get("/v1/users/me");
        }
        assertThat(first.get("/v1/users/me").status()).isEqualTo(429);

        assertThat(second.get("/v1/users/me").status()).isEqualTo(200);
    }

    @Test
    void aPlatformKeyActingOnBehalfOfItsUsersHasALimitPerUser() {
        String alice = fixtures.user();
        String bob = fixtures.user();
        for (int i = 0; i < 3; i++) {
            assertThat(admin.onBehalfOf(alice).get("/v1/users/me").status()).isEqualTo(200);
        }
        assertThat(admin.onBehalfOf(alice).get("/v1/users/me").status()).isEqualTo(429);

        Api.Response forBob = admin.onBehalfOf(bob).get("/v1/users/me");
        assertThat(forBob.status()).isEqualTo(200);
        assertThat(forBob.id()).isEqualTo(bob);
    }

    @Test
    void requestsWithoutAKeyAreLimitedByClientAddress() {
        Api.Client anonymous = from(api.anonymous());
        for (int i = 0; i < 3; i++) {
            assertThat(anonymous.get("/v1/categories").status()).isEqualTo(200);
        }
        assertProblem(anonymous.get("/v1/categories"), 429, "rate_limited");

        Api.Client elsewhere = api.anonymous().header("X-Forwarded-For", "198.51.100." + ADDRESSES.incrementAndGet());
        assertThat(elsewhere.get("/v1/categories").status()).as("another address").isEqualTo(200);
        assertThat(newUser().get("/v1/categories").status()).as("a key from the same address").isEqualTo(200);
    }

    @Test
    void oneAddressIsLimitedAcrossAllKeysEvenBeforeTheyAreChecked() {
        Api.Client guesser = from(api.as("mk_not_a_real_key_0000000000000000000000"));
        int unauthorized = 0;
        for (int i = 0; i < 20; i++) {
            if (guesser.get("/v1/users/me").status() == 401) {
                unauthorized++;
            }
        }
        assertThat(unauthorized).isEqualTo(20);

        Api.Response rejected = guesser.get("/v1/users/me");
        assertProblem(rejected, 429, "rate_limited");
        assertThat(rejected.text("endpoint_class")).isEqualTo("ip");
        assertThat(header(rejected, "RateLimit-Policy")).isEqualTo("20;w=3600");
        assertThat(admin.get("/v1/categories").status()).as("the admin key from that address too").isEqualTo(429);
    }

    @Test
    void healthAndMetricsAreNeverLimited() throws Exception {
        Api.Client guesser = from(api.as("mk_not_a_real_key_0000000000000000000000"));
        for (int i = 0; i < 21; i++) {
            guesser.get("/v1/users/me");
        }
        assertThat(admin.get("/v1/categories").status()).isEqualTo(429);

        Api.Response health = from(api.anonymous()).get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.raw().headers().firstValue("RateLimit-Limit")).isEmpty();
        assertThat(prometheus().statusCode()).isEqualTo(200);
    }

    @Test
    void theLimitIsFullAgainOnceItsPeriodHasPassed() {
        Api.Client user = newUser();
        for (int i = 0; i < 3; i++) {
            user.get("/v1/users/me");
        }
        assertThat(user.get("/v1/users/me").status()).isEqualTo(429);

        assertThat(admin.post("/v1/test-clock/advance", Map.of("seconds", 3_600)).status()).isEqualTo(200);

        Api.Response again = user.get("/v1/users/me");
        assertThat(again.status()).isEqualTo(200);
        assertThat(header(again, "RateLimit-Remaining")).isEqualTo("2");
    }

    @Test
    void rejectionsAreCountedByEndpointClass() throws Exception {
        MeterRegistry meters = instance.getBean(MeterRegistry.class);
        double before = meters.counter("rate_limit.rejections", "endpoint_class", "probe").count();
        Api.Client user = newUser();
        for (int i = 0; i < 5; i++) {
            user.get("/v1/users/me");
        }

        assertThat(meters.counter("rate_limit.rejections", "endpoint_class", "probe").count()).isEqualTo(before + 2);
        assertThat(prometheus().body()).contains("rate_limit_rejections_total{endpoint_class=\"probe\"}");
    }

    /** The metrics page is text, not JSON; fetched from the test's address like every other request. */
    private HttpResponse<String> prometheus() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Instances.baseUrl(instance) + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("X-Forwarded-For", address).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Api.Client newUser() {
        return from(api.as(fixtures.keyFor(fixtures.user())));
    }

    private Api.Client from(Api.Client client) {
        return client.header("X-Forwarded-For", address);
    }

    private static String header(Api.Response response, String name) {
        return response.raw().headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
