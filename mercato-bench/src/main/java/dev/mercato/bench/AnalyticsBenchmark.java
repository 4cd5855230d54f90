package dev.mercato.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ./mercato bench analytics}: loads benchmark-scale analytics data (see {@link AnalyticsData})
 * with COPY into a scratch database, starts Mercato on it, and calls the three analytics endpoints
 * over HTTP at 1 and 8 clients, reporting throughput and p50/p95/p99 against the 3-second goal. The
 * reference, measured in the same run at the same client counts, is the naive answer to "how many
 * views": {@code SELECT count(*)} over the raw views table (a few million rows) — a read of the same
 * data on the same machine, which is what the rollups exist to avoid. (pgbench's TPC-B measures
 * durable commits, which these read-only endpoints do not make.)
 */
public final class AnalyticsBenchmark {

    private static final double GOAL_MILLIS = 3_000;
    private static final int REAL_SELLERS = 20;

    private AnalyticsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        AnalyticsData.Scale scale;
        try {
            Map<String, String> own = new HashMap<>(Map.of("listings", "1000000", "analytics-sellers", "10000",
                    "categories", "1000", "days", "90", "views-per-day", "1500000", "purchases", "1000000"));
            options = BenchOptions.parse(BenchOptions.takeOwn(args, own));
            scale = new AnalyticsData.Scale(Integer.parseInt(own.get("listings")),
                    Integer.parseInt(own.get("analytics-sellers")), Integer.parseInt(own.get("categories")),
                    Integer.parseInt(own.get("days")), Long.parseLong(own.get("views-per-day")),
                    Integer.parseInt(own.get("purchases")));
            if (scale.days() < 30 || scale.days() > 1000 || scale.listings() < 1000 || scale.sellers() < REAL_SELLERS) {
                throw new IllegalArgumentException("--days is 30 to 1000, --listings at least 1000, --analytics-sellers at least "
                        + REAL_SELLERS);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("analytics options: [--listings 1000000] [--analytics-sellers 10000] [--categories 1000]"
                    + " [--days 90] [--views-per-day 1500000] [--purchases 1000000]");
            System.exit(2);
            return;
        }
        System.exit(new AnalyticsBenchmark().run(options, scale) ? 0 : 1);
    }

    private boolean run(BenchOptions o, AnalyticsData.Scale scale) throws Exception {
        BenchDatabases databases = new BenchDatabases(o);
        databases.dropLeftovers();
        say("Mercato analytics benchmark, %s: %.0f s measured after %.0f s warm-up per phase, 1 and 8 clients",
                LocalDate.now(), o.seconds(), o.warmupSeconds());
        say("machine: %d cores, Java %s", Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<Row> rows = new ArrayList<>();
        try {
            String db = databases.create("analytics");
            say("starting Mercato in-process on %s ...", db);
            try (MercatoInProcess mercato = MercatoInProcess.start(databases.url(db), o.pgUser(), serverArgs(o))) {
                Http http = new Http(mercato.port());
                Map<Integer, String> real = new LinkedHashMap<>();
                SplittableRandom pick = new SplittableRandom(3);
                for (int rank = 0; rank < 5; rank++) {
                    real.put(rank, http.createUser("Bench seller " + rank));
                }
                while (real.size() < REAL_SELLERS) {
                    int rank = pick.nextInt(scale.sellers());
                    if (!real.containsKey(rank)) {
                        real.put(rank, http.createUser("Bench seller " + rank));
                    }
                }
                Instant now = Instant.now();
                AnalyticsData data = new AnalyticsData(scale, now, real);
                say("generating %s ...", scale.describe());
                long start = System.nanoTime();
                try (Connection c = databases.connect(db)) {
                    data.load(c);
                }
                databases.vacuumAnalyze(db);
                say("  loaded with COPY, indexes rebuilt, vacuumed and analyzed in %.1f s", (System.nanoTime() - start) / 1e9);
                data.rows().forEach((table, count) -> say("    %-22s %,12d rows", table, count));
                say("    database size: %s", size(databases, db));

                List<String> sellers = new ArrayList<>(real.values());
                for (int clients : List.of(1, 8)) {
                    Connection[] connections = new Connection[clients];
                    for (int t = 0; t < clients; t++) {
                        connections[t] = databases.connect(db);
                    }
                    Row reference = measure("ref" + clients, "SELECT count(*) FROM analytics_views (raw, naive)", clients, o,
                            (thread, n) -> {
                                try (Statement s = connections[thread].createStatement();
                                        ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics_views")) {
                                    rs.next();
                                }
                            });
                    for (Connection c : connections) {
                        c.close();
                    }
                    rows.add(reference);
                    rows.add(measure("listing" + clients, "GET /v1/analytics/listings/{id} (operator; half popular, half any)",
                            clients, o, (thread, n) -> {
                                ThreadLocalRandom r = ThreadLocalRandom.current();
                                int listing = r.nextBoolean() ? r.nextInt(1000) : r.nextInt(scale.listings());
                                http.get("/v1/analytics/listings/" + AnalyticsData.listingId(listing), null);
                            }).against(reference));
                    rows.add(measure("seller" + clients, "GET /v1/analytics/sellers/me (" + REAL_SELLERS
                            + " sellers incl. the 5 biggest, platform key on behalf)", clients, o,
                            (thread, n) -> http.get("/v1/analytics/sellers/me", sellers.get((int) (n % sellers.size()))))
                            .against(reference));
                    rows.add(measure("market" + clients, "GET /v1/analytics/marketplace (window day, week, month in turn)",
                            clients, o, (thread, n) -> http.get("/v1/analytics/marketplace?window="
                                    + List.of("day", "week", "month").get((int) (n % 3)), null)).against(reference));
                }
                say("biggest seller: %s with %,d listings", data.sellerId(0), countListings(data, scale, 0));
            }
            printTable(rows);
            return rows.stream().allMatch(r -> r.failures == 0 && r.p99 < GOAL_MILLIS);
        } finally {
            databases.dropAll();
        }
    }

    /**
     * The pool holds what 8 clients and the jobs need: the shared PostgreSQL's 100 connections are
     * also used by test runs on the same machine. Arguments given to the run come last and win.
     */
    private static List<String> serverArgs(BenchOptions o) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.hikari.maximum-pool-size=12"));
        args.addAll(o.serverArgs());
        return args;
    }

    private static long countListings(AnalyticsData data, AnalyticsData.Scale scale, int seller) {
        long n = 0;
        for (int i = 0; i < scale.listings(); i++) {
            n += data.sellerOf(i) == seller ? 1 : 0;
        }
        return n;
    }

    /** One figure: throughput, p50/p95/p99 of the measured window, and the reference it is compared with. */
    private record Row(String name, String what, int clients, double opsPerSecond, double p50, double p95, double p99,
            long failures, Row reference) {

        Row against(Row ref) {
            return new Row(name, what, clients, opsPerSecond, p50, p95, p99, failures, ref);
        }
    }

    /** Runs the operation through {@link LoadRunner}, keeping every latency of the measured window for p95. */
    private static Row measure(String name, String what, int clients, BenchOptions o, LoadRunner.Operation operation)
            throws Exception {
        say("(%s) %s, %d client%s ...", name, what, clients, clients == 1 ? "" : "s");
        Latencies[][] recorders = {new Latencies[clients]};
        for (int t = 0; t < clients; t++) {
            recorders[0][t] = new Latencies();
        }
        LoadRunner.Operation timed = (thread, n) -> {
            long start = System.nanoTime();
            operation.call(thread, n);
            recorders[0][thread].record(System.nanoTime() - start);
        };
        PhaseResult result = new LoadRunner(clients).run(name, what, timed, o.warmupSeconds(), () -> {
            Latencies[] fresh = new Latencies[clients];
            for (int t = 0; t < clients; t++) {
                fresh[t] = new Latencies();
            }
            recorders[0] = fresh;
        }, o.seconds(), LoadRunner.Probe.NONE);
        long[] sorted = Latencies.merged(List.of(recorders[0]));
        Row row = new Row(name, what, clients, result.opsPerSecond(), Latencies.percentile(sorted, 50) / 1e6,
                Latencies.percentile(sorted, 95) / 1e6, Latencies.percentile(sorted, 99) / 1e6, result.failures(), null);
        say("  %.1f/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d failed", row.opsPerSecond, row.p50, row.p95, row.p99,
                row.failures);
        return row;
    }

    private static void printTable(List<Row> rows) {
        System.out.println();
        System.out.println("| figure | what | clients | req/s | p50 ms | p95 ms | p99 ms | p95 ÷ ref p95 | goal p99 < 3 s |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---|");
        for (Row r : rows) {
            String ratio = r.reference == null ? "" : String.format("%.2f", r.p95 / r.reference.p95);
            String goal = r.reference == null ? "(reference)" : r.failures > 0 ? "FAILED CALLS (" + r.failures + ")"
                    : r.p99 < GOAL_MILLIS ? "met" : "MISSED";
            System.out.printf("| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %s | %s |%n", r.name, r.what, r.clients,
                    r.opsPerSecond, r.p50, r.p95, r.p99, ratio, goal);
        }
    }

    private static String size(BenchDatabases databases, String db) throws java.sql.SQLException {
        try (Connection c = databases.connect(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Keep-alive HTTP/1.1 calls with the bench admin key, optionally on behalf of a user. */
    private static final class Http {

        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;

        Http(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        String createUser(String name) throws Exception {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/users"))
                    .header("Authorization", "Bearer " + MercatoInProcess.ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("creating a user: HTTP " + response.statusCode() + " " + response.body());
            }
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"(usr_[^\"]+)\"").matcher(response.body());
            if (!id.find()) {
                throw new IllegalStateException("no user id in " + response.body());
            }
            return id.group(1);
        }

        void get(String path, String onBehalfOf) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + MercatoInProcess.ADMIN_KEY).GET();
            if (onBehalfOf != null) {
                request.header("Mercato-On-Behalf-Of", onBehalfOf);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.body());
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
