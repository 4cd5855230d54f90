package dev.mercato.bench;

import dev.mercato.ledger.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
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
            PhaseResult reference = pgbench.measure(pgbenchDb, cpuProbe());
            results.add(reference);
            report(reference, reference);
            databases.dropAll();

            String ledgerDb = databases.create("ledger");
            say("starting Mercato in-process on %s ...", ledgerDb);
            boolean clean;
            try (MercatoInProcess mercato = MercatoInProcess.start(databases.url(ledgerDb), o.pgUser())) {
                say("  listening on 127.0.0.1:%d; ledger writers %s, max batch %s, pool %s", mercato.port(),
                        mercato.setting("mercato.ledger.writers"), mercato.setting("mercato.ledger.max-batch"),
                        mercato.setting("spring.datasource.hikari.maximum-pool-size"));
                long setupStart = System.nanoTime();
                LedgerWorkload workload = LedgerWorkload.setUp(mercato.accounts(), mercato.ledger(), o.accounts(),
                        o.stripes(), o.clients());
                say("  opened and funded %d wallets in %.1f s", o.accounts(), (System.nanoTime() - setupStart) / 1e9);

                LoadRunner load = new LoadRunner(o.clients());
                PhaseResult b = load.run("b", "ledger transfer (2 entries), Java API, " + o.clients() + " threads",
                        (thread, n) -> workload.transfer("b-" + n), o.warmupSeconds(), o.seconds(), ledgerProbe(mercato));
                results.add(b);
                report(b, reference);
                PhaseResult c = load.run("c", "transfer + fee to hot account (3 entries, " + o.stripes() + " stripes)",
                        (thread, n) -> workload.transferWithFee("c-" + n), o.warmupSeconds(), o.seconds(),
                        ledgerProbe(mercato));
                results.add(c);
                report(c, reference);
                HttpTransfers http = new HttpTransfers(mercato.port(), workload, false);
                PhaseResult d = load.run("d", "transfer over HTTP, " + o.clients() + " client threads",
                        (thread, n) -> http.transfer("d-" + n), o.warmupSeconds(), o.seconds(), ledgerProbe(mercato));
                results.add(d);
                report(d, reference);
                HttpTransfers httpWithHeader = new HttpTransfers(mercato.port(), workload, true);
                PhaseResult d2 = load.run("d'", "(d) plus an Idempotency-Key header (info)",
                        (thread, n) -> httpWithHeader.transfer("d2-" + n), o.warmupSeconds(), o.seconds(),
                        ledgerProbe(mercato));
                results.add(d2);
                report(d2, reference);

                clean = verify(mercato);
            }
            printTable(results, reference);
            return clean;
        } finally {
            databases.dropAll();
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

    private static LoadRunner.Probe cpuProbe() {
        return new LoadRunner.Probe() {
            private CpuUsage start;

            @Override
            public void start() {
                start = CpuUsage.now();
            }

            @Override
            public String stop() {
                return CpuUsage.now().since(start);
            }
        };
    }

    private static LoadRunner.Probe ledgerProbe(MercatoInProcess mercato) {
        return new LoadRunner.Probe() {
            private CpuUsage cpu;
            private MercatoInProcess.BatchSizes batches;

            @Override
            public void start() {
                cpu = CpuUsage.now();
                batches = mercato.batchSizes();
            }

            @Override
            public String stop() {
                String usage = CpuUsage.now().since(cpu);
                MercatoInProcess.BatchSizes now = mercato.batchSizes();
                return String.format("%s; %d group commits, mean batch %.2f", usage, now.batches() - batches.batches(),
                        now.meanSince(batches));
            }
        };
    }

    private static void report(PhaseResult r, PhaseResult reference) {
        say("  (%s) %.0f ops/s, p50 %.2f ms, p99 %.2f ms, %.2f× (a); %d ok, %d failed in %.1f s; %s", r.name(),
                r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.opsPerSecond() / reference.opsPerSecond(),
                r.operations(), r.failures(), r.seconds(), r.notes());
    }

    private static void printTable(List<PhaseResult> results, PhaseResult reference) {
        PhaseResult b = find(results, "b");
        System.out.println();
        System.out.println("| figure | what | ops/s | p50 ms | p99 ms | × (a) | goal |");
        System.out.println("|---|---|---:|---:|---:|---:|---|");
        for (PhaseResult r : results) {
            String goal = switch (r.name()) {
                case "b" -> goal(r.opsPerSecond() / reference.opsPerSecond(), 1.0, "≥ 1.0× (a)");
                case "c" -> goal(r.opsPerSecond() / b.opsPerSecond(), 0.8, "≥ 0.8× (b)");
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

    private static PhaseResult find(List<PhaseResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
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
