package dev.mercato.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reference figure: PostgreSQL's own pgbench running its builtin TPC-B-like script (three
 * updates, one select, one insert, one durable commit per transaction) against a scratch database.
 * Throughput is pgbench's own tps; p50/p99 come from its per-transaction log ({@code -l}).
 */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private final BenchOptions options;

    Pgbench(BenchOptions options) {
        this.options = options;
    }

    /**
     * The scale a reference at {@code clients} clients needs: {@code --scale}, or as many branches as
     * clients if that is more, as pgbench's manual advises — else it mostly measures branch-row contention.
     */
    int scaleFor(int clients) {
        return Math.max(options.scale(), clients);
    }

    void initialise(String database, int scale) throws IOException, InterruptedException {
        run(List.of("-i", "-q", "-s", Integer.toString(scale), database), 600);
    }

    /** Measures pgbench at {@code clients} clients on a database {@link #initialise}d at {@code scale}; the figure is named {@code name}. */
    PhaseResult measure(String name, String database, int clients, int scale, LoadRunner.Probe probe)
            throws IOException, InterruptedException {
        int threads = Math.min(2, clients);
        List<String> load = List.of("-c", Integer.toString(clients), "-j", Integer.toString(threads),
                "--no-vacuum");
        if (options.warmupSeconds() >= 1) {
            List<String> warmup = new ArrayList<>(load);
            warmup.addAll(List.of("-T", Long.toString(Math.round(options.warmupSeconds())), database));
            run(warmup, options.warmupSeconds() + 120);
        }
        Path logs = Files.createTempDirectory("mercato-pgbench");
        try {
            long seconds = Math.max(1, Math.round(options.seconds()));
            List<String> measured = new ArrayList<>(load);
            measured.addAll(List.of("-T", Long.toString(seconds), "-l", "--log-prefix", logs.resolve("txn").toString(),
                    database));
            probe.start();
            String out = run(measured, seconds + 120);
            probe.stop();
            double tps = number(TPS, out, "tps");
            Matcher failed = FAILED.matcher(out);
            long failures = failed.find() ? Long.parseLong(failed.group(1)) : 0;
            long[] latencies = transactionLatencies(logs);
            return new PhaseResult(name, "pgbench TPC-B-like, " + clients + " clients, -j " + threads + ", -s "
                    + scale, latencies.length, failures, seconds, tps,
                    Latencies.percentile(latencies, 50) / 1e6, Latencies.percentile(latencies, 99) / 1e6)
                    .withNotes(probe.describe(latencies.length, -1));
        } finally {
            try (Stream<Path> files = Files.walk(logs)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Latencies in nanoseconds from every per-thread log: the third column is the latency in microseconds. */
    private static long[] transactionLatencies(Path logs) throws IOException {
        Latencies all = new Latencies();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                try (Stream<String> lines = Files.lines(file, StandardCharsets.US_ASCII)) {
                    lines.forEach(line -> {
                        String[] columns = line.split(" ");
                        if (columns.length >= 3 && !columns[2].isEmpty() && columns[2].chars().allMatch(Character::isDigit)) {
                            all.record(Long.parseLong(columns[2]) * 1000);
                        }
                    });
                }
            }
        }
        return Latencies.merged(List.of(all));
    }

    private String run(List<String> arguments, double timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pgbench", "-h", options.pgHost(), "-p",
                Integer.toString(options.pgPort()), "-U", options.pgUser()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process was killed; what was read so far is reported below
            }
        });
        if (!process.waitFor((long) timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("pgbench did not finish in " + timeoutSeconds + " s: " + command);
        }
        reader.join();
        if (process.exitValue() != 0) {
            throw new IOException("pgbench failed (exit " + process.exitValue() + "): " + command + "\n" + output);
        }
        return output.toString();
    }

    private static double number(Pattern pattern, String output, String what) throws IOException {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IOException("no " + what + " in pgbench's output:\n" + output);
        }
        return Double.parseDouble(m.group(1));
    }
}
