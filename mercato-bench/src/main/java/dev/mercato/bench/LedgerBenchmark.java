package dev.mercato.bench;

import dev.mercato.ledger.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./mercato bench}: in one run on one machine, with {@code synchronous_commit = on},
 * measures
 * <ol type="a">
 * <li>pgbench's builtin TPC-B-like script at N clients — the reference every other figure is divided by;</li>
 * <li>two-entry ledger transfers between random wallets through {@code Ledger#post}, N caller threads;</li>
 * <li>three-entry transfers that also credit a fee to one striped hot revenue account;</li>
 * <li>the transfers of (b) over HTTP against the embedded server, N client threads;</li>
 * </ol>
 * plus, for information, (d) with an {@code Idempotency-Key} header, and
 * <ul>
 * <li>(e8), (e32): checkout over HTTP — create an order for one service, pay it with a test card —
 * at 8 and 32 concurrent purchasers, against pgbench at the same number of clients ((a) at 8, and
 * (a32) on a database with as many branches as clients).</li>
 * </ul>
 * Prints ops/s, p50, p99 and the ratio to pgbench at the same client count for each, checks the
 * goals, then verifies the ledger (and that every purchase is a paid, split order) and drops its databases.
 */
public final class LedgerBenchmark {

    private LedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> own = new java.util.HashMap<>(Map.of("http-client", "lean"));
        BenchOptions options = BenchOptions.parseOrExit(BenchOptions.takeOwn(args, own));
        System.exit(new LedgerBenchmark().run(options, BenchHttp.jdkClientOption(own)) ? 0 : 1);
    }

    private boolean run(BenchOptions o, boolean jdkClient) throws Exception {
        BenchDatabases databases = new BenchDatabases(o);
        databases.dropLeftovers();
        List<PhaseResult> results = new ArrayList<>();
        say("Mercato ledger benchmark, %s: %.0f s measured after %.0f s warm-up per phase, %d clients", LocalDate.now(),
                o.seconds(), o.warmupSeconds(), o.clients());
        say("machine: %d cores, %s memory, Java %s", Runtime.getRuntime().availableProcessors(), memory(),
                Runtime.version());
        try {
            String pgbenchDb = databases.create("pgbench");
            Map<String, String> settings = databases.settings(pgbenchDb);
            say("PostgreSQL %s at %s:%d: %s", settings.remove("server_version"), o.pgHost(), o.pgPort(), settings);
            if (!"on".equals(settings.get("synchronous_commit")) || !"on".equals(settings.get("fsync"))) {
                say("WARNING: commits are not durable here (synchronous_commit or fsync off); the figures mean little");
            }
            Pgbench pgbench = new Pgbench(o);
            Map<Integer, PhaseResult> references = new LinkedHashMap<>();
            int initialisedScale = 0;
            for (int clients : referenceClients(o)) {
                String name = clients == o.clients() ? "a" : "a" + clients;
                int scale = pgbench.scaleFor(clients);
                if (scale != initialisedScale) {
                    say("(%s) pgbench -i -s %d ...", name, scale);
                    pgbench.initialise(pgbenchDb, scale);
                    initialisedScale = scale;
                }
                say("(%s) pgbench -c %d ...", name, clients);
                PhaseResult reference = pgbench.measure(name, pgbenchDb, clients, scale, probe(databases, pgbenchDb, null));
                references.put(clients, reference);
                results.add(reference);
                report(reference, reference);
            }
            databases.dropAll();

            String ledgerDb = databases.create("ledger");
            say("starting Mercato in-process on %s ...", ledgerDb);
            boolean clean;
            try (MercatoInProcess mercato = MercatoInProcess.start(databases.url(ledgerDb), o.pgUser(), o.serverArgs())) {
                say("  listening on 127.0.0.1:%d; ledger writers %s, max batch %s, pool %s", mercato.port(),
                        mercato.setting("mercato.ledger.writers"), mercato.setting("mercato.ledger.max-batch"),
                        mercato.setting("spring.datasource.hikari.maximum-pool-size"));
                if (!o.serverArgs().isEmpty()) {
                    say("  server arguments: %s", o.serverArgs());
                }
                long setupStart = System.nanoTime();
                LedgerWorkload workload = LedgerWorkload.setUp(mercato.accounts(), mercato.ledger(), o.accounts(),
                        o.stripes(), o.clients());
                databases.vacuumAnalyze(ledgerDb);
                say("  opened and funded %d wallets and analyzed the tables in %.1f s", o.accounts(),
                        (System.nanoTime() - setupStart) / 1e9);

                BenchHttp client = new BenchHttp(mercato.port(), jdkClient);
                say("  load generator of the HTTP phases: %s", client.describe());
                HttpTransfers http = new HttpTransfers(client, workload, false);
                HttpTransfers httpWithHeader = new HttpTransfers(client, workload, true);
                Checkout checkout = new Checkout(o, mercato, client, databases, ledgerDb);
                Map<String, Phase> phases = new LinkedHashMap<>();
                phases.put("b", new Phase("ledger transfer (2 entries), Java API, " + o.clients() + " threads", o.clients(),
                        false, (thread, n) -> workload.transfer("b-" + n)));
                phases.put("c", new Phase("transfer + fee to hot account (3 entries, " + o.stripes() + " stripes)",
                        o.clients(), false, (thread, n) -> workload.transferWithFee("c-" + n)));
                phases.put("d", new Phase("transfer over HTTP, " + o.clients() + " client threads", o.clients(), true,
                        (thread, n) -> http.transfer("d-" + n)));
                phases.put("d'", new Phase("(d) plus an Idempotency-Key header (info)", o.clients(), true,
                        (thread, n) -> httpWithHeader.transfer("d2-" + n)));
                for (Map.Entry<String, Integer> e : BenchOptions.CHECKOUT_PHASES.entrySet().stream()
                        .sorted(Map.Entry.comparingByValue()).toList()) {
                    phases.put(e.getKey(), new Phase("checkout over HTTP (create order + pay), " + e.getValue()
                            + " purchasers, " + o.checkoutAuth() + " key", e.getValue(), true,
                            (thread, n) -> checkout.purchases().purchase()));
                }
                boolean webStackWarm = false;
                boolean checkoutWarm = false;
                for (Map.Entry<String, Phase> entry : phases.entrySet()) {
                    String name = entry.getKey();
                    Phase phase = entry.getValue();
                    if (!o.runs(name)) {
                        continue;
                    }
                    boolean checkoutPhase = BenchOptions.CHECKOUT_PHASES.containsKey(name);
                    if (checkoutPhase) {
                        checkout.setUpOnce();
                    }
                    say("(%s) %s ...", name, phase.description());
                    // The first HTTP phase also warms the JIT up on Tomcat, Spring MVC, Jackson and
                    // the HTTP client: on 2 busy cores C2 was still compiling them 10 s in. The first
                    // checkout phase likewise for the code of orders, payments and the outbox.
                    boolean cold = (phase.http() && !webStackWarm) || (checkoutPhase && !checkoutWarm);
                    double warmup = cold ? o.warmupSeconds() * 3 : o.warmupSeconds();
                    webStackWarm |= phase.http();
                    checkoutWarm |= checkoutPhase;
                    LoadRunner.Probe probe = probe(databases, ledgerDb, mercato);
                    PhaseResult result = new LoadRunner(phase.clients()).run(name, phase.description(), phase.operation(),
                            warmup, checkoutPhase ? () -> databases.analyze(ledgerDb) : () -> {
                            }, o.seconds(), checkoutPhase ? checkout.timed(probe) : probe);
                    results.add(result);
                    report(result, references.get(phase.clients()));
                }

                clean = verify(mercato);
                if (checkout.wasSetUp()) {
                    clean &= checkout.verify();
                }
            }
            printTable(results, references);
            return clean;
        } finally {
            databases.dropAll();
        }
    }

    /** Client counts pgbench runs at: {@code --clients}, and each checkout phase's if it runs and differs. */
    private static java.util.Set<Integer> referenceClients(BenchOptions o) {
        java.util.Set<Integer> clients = new java.util.LinkedHashSet<>();
        clients.add(o.clients());
        BenchOptions.CHECKOUT_PHASES.entrySet().stream().filter(e -> o.runs(e.getKey())).map(Map.Entry::getValue)
                .sorted().forEach(clients::add);
        return clients;
    }

    /**
     * @param clients concurrent callers, and the pgbench reference it is compared with
     * @param http    whether it goes through the web stack (the first such phase gets a longer warm-up)
     */
    private record Phase(String description, int clients, boolean http, LoadRunner.Operation operation) {
    }

    /** The checkout phases' marketplace, set up once before the first of them, and its checks at the end. */
    private static final class Checkout {

        private final BenchOptions options;
        private final MercatoInProcess mercato;
        private final BenchHttp http;
        private final BenchDatabases databases;
        private final String database;
        private HttpCheckout purchases;

        Checkout(BenchOptions options, MercatoInProcess mercato, BenchHttp http, BenchDatabases databases, String database) {
            this.options = options;
            this.mercato = mercato;
            this.http = http;
            this.databases = databases;
            this.database = database;
        }

        void setUpOnce() throws Exception {
            if (purchases != null) {
                return;
            }
            long start = System.nanoTime();
            boolean buyerKeys = options.checkoutAuth().equals("buyer");
            CheckoutWorkload workload = CheckoutWorkload.setUp(mercato.port(), options.sellers(), options.buyers(), buyerKeys,
                    8);
            say("  checkout setup over HTTP: %s%s, in %.1f s", workload.describe(), buyerKeys ? ", an API key each" : "",
                    (System.nanoTime() - start) / 1e9);
            purchases = new HttpCheckout(http, workload, buyerKeys);
        }

        boolean wasSetUp() {
            return purchases != null;
        }

        HttpCheckout purchases() {
            return purchases;
        }

        /** {@code probe}, plus the mean time of each of the two calls over the measured window. */
        LoadRunner.Probe timed(LoadRunner.Probe probe) {
            return new LoadRunner.Probe() {
                @Override
                public void start() {
                    purchases.resetTimings();
                    probe.start();
                }

                @Override
                public void stop() {
                    probe.stop();
                }

                @Override
                public String describe(long operations, long callerCpuNanos) {
                    double[] means = purchases.meanMillis();
                    return probe.describe(operations, callerCpuNanos)
                            + String.format("; mean create %.2f ms + pay %.2f ms", means[0], means[1]);
                }
            };
        }

        boolean verify() throws java.sql.SQLException, InterruptedException {
            say("checking the checkout orders ...");
            try (java.sql.Connection c = databases.connect(database)) {
                List<String> problems = CheckoutChecks.run(c, purchases.purchases(), line -> say("%s", line));
                problems.forEach(p -> say("    %s", p));
                return problems.isEmpty();
            }
        }
    }

    /** Lets the sealer chain what the phases wrote (bounded), then checks every ledger invariant. */
    private static boolean verify(MercatoInProcess mercato) throws InterruptedException {
        say("verifying the ledger ...");
        long deadline = System.nanoTime() + 120_000_000_000L;
        VerificationReport report = mercato.verification().verify();
        while (report.ok() && report.unsealed() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            report = mercato.verification().verify();
        }
        say("  ledger verification: %s — %d transactions, %d postings, %d accounts, %d sealed, %d unsealed (lag %d ms)",
                report.ok() ? "CLEAN" : "VIOLATIONS", report.transactions(), report.postings(), report.accounts(),
                report.sealed(), report.unsealed(), report.sealLagMillis());
        report.violations().stream().limit(20).forEach(v -> say("    %s %s: %s", v.invariant(), v.subject(), v.detail()));
        return report.ok();
    }

    /**
     * Observes a measured window: machine and JVM CPU, CPU of the PostgreSQL backends serving
     * {@code database} per operation, and (with Mercato running) the mean group-commit batch size.
     */
    private static LoadRunner.Probe probe(BenchDatabases databases, String database, MercatoInProcess mercato) {
        return probe(databases, database, mercato, "mercato.ledger.batch.size");
    }

    /** The same, counting the batches of the group committer whose batch-size summary is {@code batchMeter}. */
    static LoadRunner.Probe probe(BenchDatabases databases, String database, MercatoInProcess mercato, String batchMeter) {
        return new LoadRunner.Probe() {
            private CpuUsage cpuStart;
            private CpuUsage cpuEnd;
            private BackendCpu backends;
            private long backendNanos = -1;
            private long commits = -1;
            private List<Map.Entry<String, Double>> states = List.of();
            private MercatoInProcess.BatchSizes batchesStart;
            private MercatoInProcess.BatchSizes batchesEnd;
            private Map<Long, Long> clientThreadsStart = Map.of();
            private long clientThreadsNanos;

            @Override
            public void start() {
                try {
                    backends = new BackendCpu(databases.connect(database), database);
                } catch (java.sql.SQLException e) {
                    backends = null;
                }
                clientThreadsStart = clientThreadCpu();
                cpuStart = CpuUsage.now();
                batchesStart = mercato == null ? null : mercato.batchSizes(batchMeter);
            }

            @Override
            public void stop() {
                cpuEnd = CpuUsage.now();
                clientThreadsNanos = cpuSince(clientThreadsStart, clientThreadCpu());
                batchesEnd = mercato == null ? null : mercato.batchSizes(batchMeter);
                if (backends != null) {
                    try (BackendCpu b = backends) {
                        backendNanos = b.stop(database);
                        commits = b.commits();
                        states = b.states();
                    } catch (java.sql.SQLException e) {
                        backendNanos = -1;
                    }
                }
            }

            @Override
            public String describe(long operations, long callerCpuNanos) {
                StringBuilder text = new StringBuilder(cpuEnd.since(cpuStart));
                long ops = Math.max(1, operations);
                if (backendNanos >= 0) {
                    text.append(String.format("; PostgreSQL CPU %.0f µs/op", backendNanos / 1e3 / ops));
                }
                if (commits >= 0) {
                    text.append(String.format(", %.1f transactions/op", commits / (double) ops));
                }
                if (!states.isEmpty()) {
                    text.append("; backends busy ").append(String.format("%.1f", states.stream()
                            .filter(e -> !e.getKey().equals("idle in transaction")).mapToDouble(Map.Entry::getValue).sum()))
                            .append(" (").append(states.stream().limit(5)
                                    .map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
                                    .collect(java.util.stream.Collectors.joining(", "))).append(")");
                }
                long jvm = cpuEnd.jvmNanosSince(cpuStart);
                if (mercato != null && jvm >= 0) {
                    text.append(String.format(", bench JVM CPU %.0f µs/op", jvm / 1e3 / ops));
                }
                if (callerCpuNanos >= 0) {
                    long load = callerCpuNanos + clientThreadsNanos;
                    text.append(String.format(" (of which the load generator %.0f)", load / 1e3 / ops));
                }
                if (mercato != null && batchesEnd.batches() > batchesStart.batches()) {
                    text.append(String.format("; %d group commits, mean batch %.2f",
                            batchesEnd.batches() - batchesStart.batches(), batchesEnd.meanSince(batchesStart)));
                } else if (mercato != null) {
                    text.append("; no group commits");
                }
                return text.toString();
            }
        };
    }

    /** CPU so far of each of the HTTP client's own threads (by thread id), which serve the load generator, not Mercato. */
    private static Map<Long, Long> clientThreadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && BenchHttp.CLIENT_THREAD_PREFIXES.stream().anyMatch(info.getThreadName()::startsWith)) {
                cpu.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
            }
        }
        return cpu;
    }

    /**
     * CPU the client threads alive at the end used since the start. Summing all threads at each end and subtracting
     * went negative when an earlier phase's client threads ended during the window (their whole CPU left the sum);
     * a thread that ends during the window is now left out instead, so the figure can only undercount.
     */
    static long cpuSince(Map<Long, Long> start, Map<Long, Long> end) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : end.entrySet()) {
            total += Math.max(0, thread.getValue() - start.getOrDefault(thread.getKey(), 0L));
        }
        return total;
    }

    private static void report(PhaseResult r, PhaseResult reference) {
        say("  (%s) %.0f ops/s, p50 %.2f ms, p99 %.2f ms, %.2f× (%s); %d ok, %d failed in %.1f s; %s", r.name(),
                r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.opsPerSecond() / reference.opsPerSecond(),
                reference.name(), r.operations(), r.failures(), r.seconds(), r.notes());
    }

    /** The figures as a Markdown table; "× ref" is the ratio to pgbench at the same number of clients. */
    private static void printTable(List<PhaseResult> results, Map<Integer, PhaseResult> references) {
        PhaseResult b = results.stream().filter(r -> r.name().equals("b")).findFirst().orElse(null);
        PhaseResult a = references.values().iterator().next();
        System.out.println();
        System.out.println("| figure | what | ops/s | p50 ms | p99 ms | × ref | goal |");
        System.out.println("|---|---|---:|---:|---:|---:|---|");
        for (PhaseResult r : results) {
            PhaseResult reference = r.name().startsWith("a") ? r : BenchOptions.CHECKOUT_PHASES.containsKey(r.name())
                    ? references.get(BenchOptions.CHECKOUT_PHASES.get(r.name())) : a;
            double ratio = r.opsPerSecond() / reference.opsPerSecond();
            String goal = switch (r.name()) {
                case "b" -> goal(ratio, 1.0, "≥ 1.0× (a)");
                case "c" -> b == null ? "" : goal(r.opsPerSecond() / b.opsPerSecond(), 0.8, "≥ 0.8× (b)");
                case "d" -> goal(ratio, 0.5, "≥ 0.5× (a)");
                case "e8" -> goal(ratio, 0.5, "≥ 0.5× (" + reference.name() + ")") + "; " + latencyGoal(r.p99Millis(), 100);
                case "e32" -> latencyGoal(r.p99Millis(), 100);
                default -> "";
            };
            String versus = r.name().startsWith("a") || reference == a ? "" : " vs (" + reference.name() + ")";
            System.out.printf("| (%s) | %s%s | %.0f | %.2f | %.2f | %.2f | %s |%n", r.name(), r.description(), versus,
                    r.opsPerSecond(), r.p50Millis(), r.p99Millis(), ratio, goal);
        }
        System.out.println();
        for (PhaseResult r : results) {
            System.out.printf("(%s) %s%n", r.name(), r.notes());
        }
    }

    private static String latencyGoal(double p99, double limitMillis) {
        return String.format("p99 < %.0f ms: %s (%.1f)", limitMillis, p99 < limitMillis ? "met" : "MISSED", p99);
    }

    private static String goal(double ratio, double target, String text) {
        return String.format("%s: %s (%.2f)", text, ratio >= target ? "met" : "MISSED", ratio);
    }

    private static String memory() {
        try {
            String line = Files.readAllLines(Path.of("/proc/meminfo")).getFirst();
            return String.format("%.1f GiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
        } catch (Exception unavailable) {
            return "? GiB";
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
