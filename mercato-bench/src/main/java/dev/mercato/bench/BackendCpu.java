package dev.mercato.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CPU time used by the PostgreSQL backends serving one database over a window, read from
 * /proc/&lt;pid&gt;/stat of each backend (the server must be local). Unlike throughput, CPU per
 * operation hardly changes when other work shares the machine, so it compares (a) with the
 * ledger phases even on a noisy box. Backends are polled every 200 ms; one that exits between
 * polls loses at most its last 200 ms.
 *
 * <p>The same polls sample what the backends were doing ({@code pg_stat_activity}: running, or
 * waiting on a lock, on the WAL flush, …, or idle inside a transaction, i.e. waiting for the
 * application), and the window's committed transactions are counted from {@code pg_stat_database}:
 * where a database-bound operation spends its time, and how many transactions it costs.
 */
final class BackendCpu implements AutoCloseable {

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux
    private static final long POLL_MILLIS = 200;

    private final Connection connection;
    private final Map<Integer, long[]> seen = new HashMap<>(); // pid -> {ticks at first sight or 0 if new, last ticks}
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;
    private volatile boolean available = Files.isReadable(Path.of("/proc/self/stat"));
    private final Map<String, Integer> states = new HashMap<>(); // "CPU", "Lock:transactionid", "idle in transaction" -> samples
    private int samples;
    private final long commitsAtStart;
    private long commits = -1;

    /** Starts polling; backends already connected are measured from now on, new ones from their start. */
    BackendCpu(Connection connection, String database) throws SQLException {
        this.connection = connection;
        commitsAtStart = commits(database);
        poll(database, true);
        poller = Thread.ofPlatform().daemon().name("backend-cpu").start(() -> {
            while (running.get()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                    poll(database, false);
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException e) {
                    available = false;
                    return;
                }
            }
        });
    }

    /** Stops polling and returns the CPU the backends used since the start, in nanoseconds; -1 if unknown. */
    long stop(String database) throws SQLException {
        running.set(false);
        poller.interrupt();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll(database, false);
        commits = commits(database) - commitsAtStart;
        if (!available) {
            return -1;
        }
        long ticks = 0;
        synchronized (seen) {
            for (long[] t : seen.values()) {
                ticks += t[1] - t[0];
            }
        }
        return ticks * TICK_NANOS;
    }

    /**
     * Transactions committed in the database during the window (after {@link #stop}), read-only ones
     * included (each autocommit query is one); -1 if unknown.
     */
    long commits() {
        return commits;
    }

    /**
     * Mean number of the database's backends per sample in each state: {@code CPU} (active, not
     * waiting), {@code <wait type>:<wait event>} (active, waiting), {@code idle in transaction}; the
     * largest first. Known after {@link #stop}.
     */
    java.util.List<Map.Entry<String, Double>> states() {
        synchronized (seen) {
            int n = Math.max(1, samples);
            return states.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() / (double) n))
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .toList();
        }
    }

    private long commits(String database) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private void poll(String database, boolean first) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT pid, state, wait_event_type, wait_event FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!first) {
                    synchronized (seen) {
                        samples++;
                    }
                }
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    String state = rs.getString(2);
                    if (!first && state != null && (state.equals("active") || state.startsWith("idle in transaction"))) {
                        String what = state.equals("active")
                                ? (rs.getString(3) == null ? "CPU" : rs.getString(3) + ":" + rs.getString(4))
                                : "idle in transaction";
                        synchronized (seen) {
                            states.merge(what, 1, Integer::sum);
                        }
                    }
                    long ticks = ticks(pid);
                    if (ticks < 0) {
                        continue;
                    }
                    synchronized (seen) {
                        long[] t = seen.computeIfAbsent(pid, p -> new long[] {first ? ticks : 0, ticks});
                        t[1] = Math.max(t[1], ticks);
                    }
                }
            }
        }
    }

    /** utime + stime of a process in clock ticks, or -1 if it is gone or not on this machine. */
    private static long ticks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    @Override
    public void close() throws SQLException {
        running.set(false);
        poller.interrupt();
        connection.close();
    }
}
