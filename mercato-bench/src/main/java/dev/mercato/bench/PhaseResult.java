package dev.mercato.bench;

/**
 * One measured figure.
 *
 * @param opsPerSecond successful operations per second over the measured window
 * @param p50Millis    median latency of one operation
 * @param p99Millis    99th percentile latency of one operation
 * @param p95Millis    95th percentile latency of one operation (NaN where not measured, as for pgbench)
 * @param failures     operations that failed during the measured window (not counted in ops/s)
 * @param notes        what was observed meanwhile: CPU use, mean group-commit batch size
 */
record PhaseResult(String name, String description, long operations, long failures, double seconds,
        double opsPerSecond, double p50Millis, double p99Millis, String notes, double p95Millis) {

    PhaseResult(String name, String description, long operations, long failures, double seconds, double opsPerSecond,
            double p50Millis, double p99Millis) {
        this(name, description, operations, failures, seconds, opsPerSecond, p50Millis, p99Millis, "", Double.NaN);
    }

    PhaseResult withNotes(String text) {
        return new PhaseResult(name, description, operations, failures, seconds, opsPerSecond, p50Millis, p99Millis, text,
                p95Millis);
    }

    static PhaseResult of(String name, String description, long[] sortedNanos, long failures, double seconds) {
        return new PhaseResult(name, description, sortedNanos.length, failures, seconds, sortedNanos.length / seconds,
                Latencies.percentile(sortedNanos, 50) / 1e6, Latencies.percentile(sortedNanos, 99) / 1e6, "",
                Latencies.percentile(sortedNanos, 95) / 1e6);
    }
}
