package dev.mercato.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU spent between two snapshots: by the whole machine (from /proc/stat) and by this JVM (the
 * benchmark's callers and, in-process, Mercato itself). On a 2-core machine shared by PostgreSQL,
 * the server and the load generator, this tells whether a phase ran out of CPU.
 */
record CpuUsage(long busyTicks, long totalTicks, long jvmNanos, long wallNanos) {

    static CpuUsage now() {
        long busy = -1;
        long total = -1;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
        } catch (IOException | RuntimeException unavailable) {
            // not Linux: only the JVM's share is reported
        }
        long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new CpuUsage(busy, total, jvm, System.nanoTime());
    }

    /** CPU this JVM used since {@code start}, in nanoseconds; -1 if unknown. */
    long jvmNanosSince(CpuUsage start) {
        return jvmNanos >= 0 && start.jvmNanos >= 0 ? jvmNanos - start.jvmNanos : -1;
    }

    /** "machine 97% busy, JVM 41%" (percent of all cores) over the interval since {@code start}. */
    String since(CpuUsage start) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder text = new StringBuilder();
        if (busyTicks >= 0 && start.busyTicks >= 0 && totalTicks > start.totalTicks) {
            text.append(String.format("machine %.0f%% busy", 100.0 * (busyTicks - start.busyTicks) / (totalTicks - start.totalTicks)));
        }
        if (jvmNanos >= 0 && start.jvmNanos >= 0 && wallNanos > start.wallNanos) {
            text.append(text.isEmpty() ? "" : ", ").append(String.format("bench JVM %.0f%%",
                    100.0 * (jvmNanos - start.jvmNanos) / ((double) (wallNanos - start.wallNanos) * cores)));
        }
        return text.toString();
    }
}
