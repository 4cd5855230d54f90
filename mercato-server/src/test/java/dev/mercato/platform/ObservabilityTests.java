package dev.mercato.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.payouts.EarningsRelease;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.Instances;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What operators watch: business counters and operating gauges on /actuator/prometheus, health
 * components, the uptime endpoint, and JSON log lines that carry the request id.
 */
class ObservabilityTests extends IntegrationTest {

    private static final String REDIS = System.getenv().getOrDefault("MERCATO_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EarningsRelease release;
    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void aPaidOrderAndItsRefundRaiseTheBusinessCountersByTheirAmounts() throws InterruptedException {
        Marketplace market = new Marketplace(api, admin(), jdbc);
        Api.Client seller = market.seller();
        String category = market.category();
        String course = market.publishCourse(seller, category, 123_45);
        Api.Client buyer = market.fixtures().newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        double paid = metric("orders_paid_total");
        double gmv = metric("gmv_minor_total{currency=\"USD\"}");
        double ledger = metric("ledger_transactions_total");

        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .isEqualTo("paid");

        assertThat(Eventually.holds(() -> metric("orders_paid_total") >= paid + 1)).isTrue();
        assertThat(metric("orders_paid_total")).isEqualTo(paid + 1);
        assertThat(metric("gmv_minor_total{currency=\"USD\"}")).isEqualTo(gmv + 123_45);
        long orderTransactions = jdbc.queryForObject("SELECT count(*) FROM ledger_transactions WHERE reference = ?",
                Long.class, order);
        assertThat(orderTransactions).isPositive();
        assertThat(metric("ledger_transactions_total")).isGreaterThanOrEqualTo(ledger + orderTransactions);

        double refunds = metric("refunds_total");
        double refunded = metric("refunded_minor_total{currency=\"USD\"}");
        assertThat(admin().post("/v1/refunds", Map.of("order_id", order, "amount", 20_00)).status()).isEqualTo(201);
        assertThat(Eventually.holds(() -> metric("refunds_total") >= refunds + 1)).isTrue();
        assertThat(metric("refunds_total")).isEqualTo(refunds + 1);
        assertThat(metric("refunded_minor_total{currency=\"USD\"}")).isEqualTo(refunded + 20_00);
    }

    @Test
    void payoutsAreCountedByOutcome() throws InterruptedException {
        Marketplace market = new Marketplace(api, admin(), jdbc);
        Api.Client seller = market.seller();
        market.releaseAtOnce(seller);
        market.awaitEarningsRecorded(market.sell(seller, market.category(), 100_00));
        release.releaseDue();
        double paid = metric("payouts_total{outcome=\"paid\"}");
        double failed = metric("payouts_total{outcome=\"failed\"}");

        String account = seller.get("/v1/payout-accounts/me").text("processor_account_id");
        admin().put("/v1/simulated-processor/accounts/" + account + "/transfer-mode", Map.of("mode", "pending"));
        Api.Response first = seller.post("/v1/payouts", Map.of("currency", "USD", "amount", 30_00));
        admin().post("/v1/simulated-processor/transfers/" + first.text("processor_transfer_id") + "/settle",
                Map.of("outcome", "failed"));
        assertThat(Eventually.holds(() -> metric("payouts_total{outcome=\"failed\"}") >= failed + 1)).isTrue();

        admin().put("/v1/simulated-processor/accounts/" + account + "/transfer-mode", Map.of("mode", "paid"));
        assertThat(seller.post("/v1/payouts", Map.of("currency", "USD", "amount", 40_00)).text("status")).isEqualTo("paid");
        assertThat(Eventually.holds(() -> metric("payouts_total{outcome=\"paid\"}") >= paid + 1)).isTrue();

        assertThat(metric("payouts_total{outcome=\"failed\"}")).isEqualTo(failed + 1);
        assertThat(metric("payouts_total{outcome=\"paid\"}")).isEqualTo(paid + 1);
    }

    @Test
    void operatingGaugesShowTheDatabaseUpAndTheErrorRate() {
        assertThat(metric("database_status")).isEqualTo(1);
        assertThat(metric("error_rate")).isBetween(0.0, 1.0);
        assertThat(scrape()).contains("http_server_errors_total");
    }

    @Test
    void healthListsTheDatabaseAndUptimeAnswersWithoutAKey() {
        Api.Response health = api.anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(health.body().path("components").path("db").path("details").isMissingNode())
                .as("anonymous callers see statuses, not details").isTrue();

        Api.Response uptime = api.anonymous().get("/v1/uptime");
        assertThat(uptime.status()).isEqualTo(200);
        assertThat(uptime.text("object")).isEqualTo("uptime");
        assertThat(Instant.parse(uptime.text("started_at"))).isBefore(Instant.ofEpochMilli(System.currentTimeMillis()));
        assertThat(uptime.number("uptime_seconds")).isNotNegative();
        assertThat(uptime.text("version")).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void withRedisAndJsonLogsHealthShowsRedisAndEveryRequestLogLineCarriesItsRequestId() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        String requestId = "req-log-" + UUID.randomUUID();
        // Logging is set up once per JVM: let the new instance set it up its way (JSON), then put
        // back the shared context's set-up for the tests that follow.
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.cleanUp();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ConfigurableApplicationContext instance = Instances.start("--LOG_FORMAT=json", "--mercato.redis-url=" + REDIS,
                "--mercato.bootstrap-admin-key=" + ADMIN_KEY, "--logging.level.dev.mercato.platform.audit=debug")) {
            Api other = Instances.api(instance);
            JsonNode health = other.anonymous().get("/actuator/health").body();
            assertThat(health.path("components").path("redis").path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");

            Api.Response created = other.as(ADMIN_KEY).header("X-Request-Id", requestId)
                    .post("/v1/users", Map.of("name", "Logged"));
            assertThat(created.status()).isEqualTo(201);
        } finally {
            System.setOut(original);
            logging.cleanUp();
            logging.beforeInitialize();
            logging.initialize(new LoggingInitializationContext(environment), null, null);
        }
        List<String> lines = Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.contains(requestId)).toList();
        assertThat(lines).as("log lines of the request").isNotEmpty();
        JsonNode line = json.readTree(lines.getFirst());
        assertThat(line.path("request_id").asString()).isEqualTo(requestId);
        assertThat(line.path("message").asString()).contains("user.create");
        assertThat(line.path("log").path("level").asString()).isEqualTo("DEBUG");
    }

    private double metric(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private String scrape() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
