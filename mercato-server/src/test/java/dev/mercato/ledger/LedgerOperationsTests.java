package dev.mercato.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.Instances;
import dev.mercato.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The ledger as an operator sees it: metrics, and a shutdown that loses no request. */
class LedgerOperationsTests {

    static final String ADMIN_KEY = "mk_operations_admin_key_0123456789abcdef";

    @Test
    void prometheusCountsLedgerCommandsByOutcomeAndSealedTransactions() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            Api.Client admin = api(app).as(ADMIN_KEY);
            HttpFixtures fixtures = new HttpFixtures(api(app), admin);
            String a = fixtures.account(admin, "wallet.a", "USD");
            String b = fixtures.account(admin, "wallet.b", "USD");
            fixtures.fund(a, 100, "USD");
            admin.post("/v1/ledger/transactions", transfer(a, b, 500));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String metrics;
            do {
                Thread.sleep(100);
                metrics = prometheus(app);
            } while (!metrics.contains("mercato_ledger_sealed_total 1.0") && System.nanoTime() < deadline);

            assertThat(metrics).contains("mercato_ledger_commands_total{command=\"post\",outcome=\"ok\"} 1.0");
            assertThat(metrics).contains("mercato_ledger_commands_total{command=\"post\",outcome=\"insufficient_funds\"} 1.0");
            assertThat(metrics).contains("mercato_ledger_sealed_total 1.0");
            assertThat(metrics).contains("mercato_ledger_batch_size_count");
        }
    }

    /**
     * Eight clients post transfers while the service shuts down. Graceful shutdown lets requests
     * in flight finish, and the ledger writer stops only after them: every request is answered
     * 201 or refused at the door, never 500, and every 201 was committed.
     */
    @Test
    void shutdownWhileTransfersAreInFlightFailsNone() throws Exception {
        String database = TestDatabases.create();
        ConfigurableApplicationContext app = Instances.startOn(database, "--mercato.bootstrap-admin-key=" + ADMIN_KEY);
        Api.Client admin = api(app).as(ADMIN_KEY);
        HttpFixtures fixtures = new HttpFixtures(api(app), admin);
        String a = fixtures.account(admin, "wallet.a", "USD");
        String b = fixtures.account(admin, "wallet.b", "USD");
        fixtures.fund(a, 1_000_000, "USD");
        String base = Instances.baseUrl(app);
        ObjectMapper json = app.getBean(ObjectMapper.class);

        HttpClient http = HttpClient.newHttpClient();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            clients.submit(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/ledger/transactions"))
                                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(transfer(a, b, 1)))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception connectionRefusedOrClosed) {
                        refused.incrementAndGet();
                        if (refused.get() > 50) {
                            return null;
                        }
                    }
                }
                return null;
            });
        }
        Thread.sleep(1_500);
        app.close();
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(statuses.get(201)).as("transfers were in flight").isNotNull();
        assertThat(statuses.get(201).get()).isGreaterThan(10);
        try (ConfigurableApplicationContext restarted = Instances.startOn(database, "--mercato.bootstrap-admin-key=" + ADMIN_KEY)) {
            JsonNode balance = Instances.api(restarted).as(ADMIN_KEY).get("/v1/ledger/accounts/" + b).body().path("balance");
            assertThat(balance.path("posted").asLong()).as("every 201 was committed").isEqualTo(statuses.get(201).get());
        }
        assertThat(statuses.keySet()).as("statuses seen: " + statuses).isSubsetOf(List.of(201, 503));
    }

    private static String prometheus(ConfigurableApplicationContext app) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Instances.baseUrl(app) + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Map<String, Object> transfer(String from, String to, long amount) {
        return Map.of("type", "transfer", "idempotency_key", java.util.UUID.randomUUID().toString(), "entries", List.of(
                Map.of("account_id", from, "direction", "debit", "amount", amount),
                Map.of("account_id", to, "direction", "credit", "amount", amount)));
    }

    private static ConfigurableApplicationContext start() {
        return Instances.start("--mercato.bootstrap-admin-key=" + ADMIN_KEY);
    }

    private static Api api(ConfigurableApplicationContext app) {
        return Instances.api(app);
    }
}
