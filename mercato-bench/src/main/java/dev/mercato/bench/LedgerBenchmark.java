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
 * plus, for information, (d) with an {@code Idempotency-Key} header. Prints ops/s, p50, p99 and the
 * ratio to (a) for each, checks the goals, then verifies the ledger and drops its databases.
 */
public final class LedgerBenchmark {

    private LedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new LedgerBenchmark().run(options) ? 0 : 1);
    }

    private boolean run(BenchOptions o) throws Exception {
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
            say("(a) pgbench -i -s %d ...", o.scale());
            pgbench.initialise(pgbenchDb);
            say("(a) pgbench ...");
            PhaseResult reference = pgbench.measure(pgbenchDb, probe(databases, pgbenchDb, null));
            results.add(reference);
            report(reference, reference);
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

                LoadRunner load = new LoadRunner(o.clients());
                HttpTransfers http = new HttpTransfers(mercato.port(), workload, false);
                HttpTransfers httpWithHeader = new HttpTransfers(mercato.port(), workload, true);
                Map<String, Phase> phases = new LinkedHashMap<>();
                phases.put("b", new Phase("ledger transfer (2 entries), Java API, " + o.clients() + " threads",
                        (thread, n) -> workload.transfer("b-" + n)));
                phases.put("c", new Phase("transfer + fee to hot account (3 entries, " + o.stripes() + " stripes)",
                        (thread, n) -> workload.transferWithFee("c-" + n)));
                phases.put("d", new Phase("transfer over HTTP, " + o.clients() + " client threads",
                        (thread, n) -> http.transfer("d-" + n)));
                phases.put("d'", new Phase("(d) plus an Idempotency-Key header (info)",
                        (thread, n) -> httpWithHeader.transfer("d2-" + n)));
                for (Map.Entry<String, Phase> phase : phases.entrySet()) {
                    if (o.runs(phase.getKey())) {
                        say("(%s) %s ...", phase.getKey(), phase.getValue().description());
                        // The first HTTP phase also warms the JIT up on Tomcat, Spring MVC, Jackson and
                        // the HTTP client: on 2 busy cores C2 was still compiling them 10 s in.
                        double warmup = phase.getKey().equals("d") ? o.warmupSeconds() * 3 : o.warmupSeconds();
                        PhaseResult result = load.run(phase.getKey(), phase.getValue().description(),
                                phase.getValue().operation(), warmup, o.seconds(), probe(databases, ledgerDb, mercato));
                        results.add(result);
                        report(result, reference);
                    }
                }

                clean = verify(mercato);
            }
            printTable(results, reference);
            return clean;
        } finally {
            databases.dropAll();
        }
    }

    private record Phase(String description, LoadRunner.Operation operation) {
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
        return new LoadRunner.Probe() {
            private CpuUsage cpuStart;
            private CpuUsage cpuEnd;
            private BackendCpu backends;
            private long backendNanos = -1;
            private MercatoInProcess.BatchSizes batchesStart;
            private MercatoInProcess.BatchSizes batchesEnd;
            private long clientThreadsStart;
            private long clientThreadsEnd;

            @Override
            public void start() {
                try {
                    backends = new BackendCpu(databases.connect(database), database);
                } catch (java.sql.SQLException e) {
                    backends = null;
                }
                clientThreadsStart = clientThreadCpu();
                cpuStart = CpuUsage.now();
                batchesStart = mercato == null ? null : mercato.batchSizes();
            }

            @Override
            public void stop() {
                cpuEnd = CpuUsage.now();
                clientThreadsEnd = clientThreadCpu();
                batchesEnd = mercato == null ? null : mercato.batchSizes();
                if (backends != null) {
                    try (BackendCpu b = backends) {
                        backendNanos = b.stop(database);
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
                long jvm = cpuEnd.jvmNanosSince(cpuStart);
                if (mercato != null && jvm >= 0) {
                    text.append(String.format(", bench JVM CPU %.0f µs/op", jvm / 1e3 / ops));
                }
                if (callerCpuNanos >= 0) {
                    long load = callerCpuNanos + clientThreadsEnd - clientThreadsStart;
                    text.append(String.format(" (of which the load generator %.0f)", load / 1e3 / ops));
                }
                if (mercato != null) {
                    text.append(String.format("; %d group commits, mean batch %.2f",
                            batchesEnd.batches() - batchesStart.batches(), batchesEnd.meanSince(batchesStart)));
                }
                return text.toString();
            }
        };
    }

    /** CPU so far of the HTTP client's own threads, which serve the load generator, not Mercato. */
    private static long clientThreadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && HttpTransfers.CLIENT_THREAD_PREFIXES.stream().anyMatch(info.getThreadName()::startsWith)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static void report(PhaseResult r, PhaseResult reference) {
        say("  (%s) %.0f ops/s, p50 %.2f ms, p99 %.2f ms, %.2f× (a); %d ok, %d failed in %.1f s; %s", r.name(),
                r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.opsPerSecond() / reference.opsPerSecond(),
                r.operations(), r.failures(), r.seconds(), r.notes());
    }

    private static void printTable(List<PhaseResult> results, PhaseResult reference) {
        PhaseResult b = results.stream().filter(r -> r.name().equals("b")).findFirst().orElse(null);
        System.out.println();
        System.out.println("| figure | what | ops/s | p50 ms | p99 ms | × (a) | goal |");
        System.out.println("|---|---|---:|---:|---:|---:|---|");
        for (PhaseResult r : results) {
            String goal = switch (r.name()) {
                case "b" -> goal(r.opsPerSecond() / reference.opsPerSecond(), 1.0, "≥ 1.0× (a)");
                case "c" -> b == null ? "" : goal(r.opsPerSecond() / b.opsPerSecond(), 0.8, "≥ 0.8× (b)");
                case "d" -> goal(r.opsPerSecond() / reference.opsPerSecond(), 0.5, "≥ 0.5× (a)");
                default -> "";
            };
            System.out.printf("| (%s) | %s | %.0f | %.2f | %.2f | %.2f | %s |%n", r.name(), r.description(),
                    r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.opsPerSecond() / reference.opsPerSecond(), goal);
        }
        System.out.println();
        for (PhaseResult r : results) {
            System.out.printf("(%s) %s%n", r.name(), r.notes());
        }
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
