package dev.mercato.bench;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./mercato bench billing}: metered usage over HTTP against an embedded Mercato, next to
 * pgbench's TPC-B-like reference measured in the same run at the same client counts.
 * <ul>
 * <li>(a8, a32) pgbench at 8 and 32 clients — the references;</li>
 * <li>(consume8, consume32) {@code POST /v1/usage/consume} of one {@code api_calls} unit, each client
 * thread for its own user (platform key on behalf), against a quota large enough never to run out:
 * one counter upsert and its audit event per durable commit; goal ≥ 1.0× pgbench at 8 clients;</li>
 * <li>(check8) {@code POST /v1/entitlements/check} of the same quota: goal p99 &lt; 5 ms; (check1) the
 * same with one caller, for information: its latency without eight callers queueing for two cores;
 * (check-open) the same at a fixed 500 calls/s whatever the answers' latency, latency from each
 * call's due time: the latency under a steady load below saturation;</li>
 * <li>(ingest8) {@code POST /v1/usage} with batches of 1,000 new events: goal ≥ 50,000 events/s.</li>
 * </ul>
 */
public final class BillingBenchmark {

    private static final int BATCH = 1_000;
    private static final List<Integer> CLIENTS = List.of(8, 32);
    /** The open-loop check's rate: a fifth of what 8 closed-loop callers reached on a quiet machine (2,438/s). */
    private static final int OPEN_LOOP_RATE = 500;

    private BillingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> own = new java.util.HashMap<>(Map.of("http-client", "lean"));
        BenchOptions options = BenchOptions.parseOrExit(BenchOptions.takeOwn(args, own));
        System.exit(new BillingBenchmark().run(options, BenchHttp.jdkClientOption(own)) ? 0 : 1);
    }

    private boolean run(BenchOptions o, boolean jdkClient) throws Exception {
        BenchDatabases databases = new BenchDatabases(o);
        databases.dropLeftovers();
        say("Mercato billing benchmark, %s: %.0f s measured after %.0f s warm-up per phase", LocalDate.now(), o.seconds(),
                o.warmupSeconds());
        say("machine: %d cores, Java %s", Runtime.getRuntime().availableProcessors(), Runtime.version());
        Map<Integer, PhaseResult> references = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        try {
            String pgbenchDb = databases.create("pgbench");
            Map<String, String> settings = databases.settings(pgbenchDb);
            say("PostgreSQL %s: %s", settings.remove("server_version"), settings);
            Pgbench pgbench = new Pgbench(o);
            int initialised = 0;
            for (int clients : CLIENTS) {
                int scale = pgbench.scaleFor(clients);
                if (scale != initialised) {
                    say("(a%d) pgbench -i -s %d ...", clients, scale);
                    pgbench.initialise(pgbenchDb, scale);
                    initialised = scale;
                }
                say("(a%d) pgbench -c %d ...", clients, clients);
                PhaseResult reference = pgbench.measure("a" + clients, pgbenchDb, clients, scale, LoadRunner.Probe.NONE);
                references.put(clients, reference);
                rows.add(new Row(reference, 1, null, "(reference)"));
                report(reference);
            }
            databases.dropAll();

            String db = databases.create("billing");
            say("starting Mercato in-process on %s ...", db);
            List<String> serverArgs = new ArrayList<>(List.of("--spring.datasource.hikari.maximum-pool-size=36"));
            serverArgs.addAll(o.serverArgs());
            try (MercatoInProcess mercato = MercatoInProcess.start(databases.url(db), o.pgUser(), serverArgs)) {
                Http http = new Http(mercato.port(), jdkClient);
                say("  load generator: %s", http.describe());
                List<String> users = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    String user = http.send("POST", "/v1/users", null, "{\"name\":\"Bench user " + i + "\"}", 201);
                    java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"(usr_[^\"]+)\"").matcher(user);
                    if (!id.find()) {
                        throw new IllegalStateException("no user id in " + user);
                    }
                    users.add(id.group(1));
                    http.send("PUT", "/v1/users/" + id.group(1) + "/entitlement-overrides/api_calls", null,
                            "{\"type\":\"quota\",\"limit\":1000000000000,\"period\":\"month\"}", 200);
                }
                say("  32 users, each with an api_calls quota of 10^12 a month");
                for (int clients : CLIENTS) {
                    // the first HTTP phase: the JIT has not seen the web stack yet, so it warms up three times
                    // as long, as the ledger benchmark's first HTTP phase does (BenchOptions.warmupSeconds)
                    double warmup = clients == CLIENTS.getFirst() ? o.warmupSeconds() * 3 : o.warmupSeconds();
                    PhaseResult consume = measure(o, warmup, probe(databases, db, mercato), "consume" + clients, "POST /v1/usage/consume (1 api_calls unit, "
                            + "own user per client)", clients, (thread, n) -> http.send("POST", "/v1/usage/consume",
                                    users.get(thread), "{\"feature\":\"api_calls\"}", 200));
                    double ratio = consume.opsPerSecond() / references.get(clients).opsPerSecond();
                    rows.add(new Row(consume, 1, references.get(clients),
                            clients == 8 ? (ratio >= 1.0 ? "met (≥ 1.0× pgbench)" : "MISSED (goal ≥ 1.0× pgbench)") : "(info)"));
                }
                PhaseResult check = measure(o, probe(databases, db, mercato), "check8", "POST /v1/entitlements/check (api_calls)", 8,
                        (thread, n) -> http.send("POST", "/v1/entitlements/check", users.get(thread),
                                "{\"feature\":\"api_calls\"}", 200));
                rows.add(new Row(check, 1, references.get(8), check.p99Millis() < 5 ? "met (p99 < 5 ms)"
                        : "MISSED (goal p99 < 5 ms)"));
                PhaseResult alone = measure(o, probe(databases, db, mercato), "check1",
                        "POST /v1/entitlements/check (api_calls), one caller: the latency without queueing for a core", 1,
                        (thread, n) -> http.send("POST", "/v1/entitlements/check", users.get(thread),
                                "{\"feature\":\"api_calls\"}", 200));
                rows.add(new Row(alone, 1, references.get(8), "(info)"));
                say("(check-open) POST /v1/entitlements/check (api_calls), open loop at %d/s ...", OPEN_LOOP_RATE);
                PhaseResult open = OpenLoop.run("check-open", "POST /v1/entitlements/check (api_calls), open loop at "
                        + OPEN_LOOP_RATE + "/s: latency from each call's due time", 8, OPEN_LOOP_RATE, o.warmupSeconds(),
                        o.seconds(), (thread, n) -> http.send("POST", "/v1/entitlements/check", users.get(thread),
                                "{\"feature\":\"api_calls\"}", 200));
                report(open);
                rows.add(new Row(open, 1, references.get(8), "(info)"));
                PhaseResult ingest = measure(o, probe(databases, db, mercato), "ingest8", "POST /v1/usage, batches of " + BATCH + " new events", 8,
                        (thread, n) -> http.send("POST", "/v1/usage", users.get(thread), batch(thread, n), 200));
                rows.add(new Row(ingest, BATCH, references.get(8), ingest.opsPerSecond() * BATCH >= 50_000
                        ? "met (≥ 50,000 events/s)" : "MISSED (goal ≥ 50,000 events/s)"));
            }
        } finally {
            databases.dropAll();
        }
        printTable(rows);
        return rows.stream().allMatch(r -> r.result.failures() == 0 && !r.goal.startsWith("MISSED"));
    }

    /** A batch of new events for one thread's user: ids unique per thread and call, timestamps now. */
    private static String batch(int thread, long n) {
        String at = Instant.now().toString();
        StringBuilder body = new StringBuilder(BATCH * 90).append("{\"events\":[");
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"id\":\"b").append(thread).append('-').append(n).append('-').append(i)
                    .append("\",\"feature\":\"api_calls\",\"quantity\":1,\"timestamp\":\"").append(at).append("\"}");
        }
        return body.append("]}").toString();
    }

    /** CPU per operation of the JVM and of the database's backends, and the consume group commits, over a window. */
    private static LoadRunner.Probe probe(BenchDatabases databases, String db, MercatoInProcess mercato) {
        return LedgerBenchmark.probe(databases, db, mercato, "mercato.billing.consume.batch.size");
    }

    private static PhaseResult measure(BenchOptions o, LoadRunner.Probe probe, String name, String what, int clients,
            LoadRunner.Operation operation) throws Exception {
        return measure(o, o.warmupSeconds(), probe, name, what, clients, operation);
    }

    private static PhaseResult measure(BenchOptions o, double warmupSeconds, LoadRunner.Probe probe, String name,
            String what, int clients, LoadRunner.Operation operation) throws Exception {
        say("(%s) %s, %d clients ...", name, what, clients);
        PhaseResult result = new LoadRunner(clients).run(name, what + ", " + clients + " clients", operation,
                warmupSeconds, o.seconds(), probe);
        report(result);
        if (!result.notes().isBlank()) {
            say("  %s", result.notes());
        }
        return result;
    }

    private record Row(PhaseResult result, int unitsPerOp, PhaseResult reference, String goal) {
    }

    private static void report(PhaseResult r) {
        say("  %.1f/s, p50 %.2f ms, p99 %.2f ms, %d failed", r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.failures());
    }

    private static void printTable(List<Row> rows) {
        System.out.println();
        System.out.println("| figure | what | ops/s | units/s | p50 ms | p99 ms | × pgbench (same clients) | goal |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---|");
        for (Row r : rows) {
            PhaseResult p = r.result;
            String ratio = r.reference == null ? "1.00" : String.format("%.2f", p.opsPerSecond() / r.reference.opsPerSecond());
            String goal = p.failures() > 0 ? "FAILED CALLS (" + p.failures() + ")" : r.goal;
            System.out.printf("| %s | %s | %.1f | %.0f | %.2f | %.2f | %s | %s |%n", p.name(), p.description(),
                    p.opsPerSecond(), p.opsPerSecond() * r.unitsPerOp, p.p50Millis(), p.p99Millis(), ratio, goal);
        }
    }

    /** Keep-alive HTTP/1.1 calls with the bench admin key, on behalf of a user where one is given. */
    private static final class Http {

        private final BenchHttp http;

        Http(int port, boolean jdkClient) {
            this.http = new BenchHttp(port, jdkClient);
        }

        String describe() {
            return http.describe();
        }

        String send(String method, String path, String onBehalfOf, String body, int expected)
                throws IOException, InterruptedException {
            LeanHttp.Response response = onBehalfOf == null
                    ? http.send(method, path, body, "Authorization", "Bearer " + MercatoInProcess.ADMIN_KEY,
                            "Content-Type", "application/json")
                    : http.send(method, path, body, "Authorization", "Bearer " + MercatoInProcess.ADMIN_KEY,
                            "Content-Type", "application/json", "Mercato-On-Behalf-Of", onBehalfOf);
            if (response.status() != expected) {
                throw new IOException(method + " " + path + ": HTTP " + response.status() + " " + response.body());
            }
            return response.body();
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
