package dev.mercato.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The CPU clock of the PostgreSQL backend a measurement's pooled connection is served by, read
 * from {@code /proc/<pid>/stat} (so the database must run on this machine). A measurement takes
 * {@link #pid} before and after its loop: one thread keeps getting its own pooled connection
 * back, and the two pids being equal shows that one backend did all the work measured.
 */
public final class BackendCpu {

    private BackendCpu() {
    }

    /** Commits of the measurement's connections are not waited for on disk: it measures statements, not fsyncs. */
    public static void commitsNotWaitedFor(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.hikari.connection-init-sql", () -> "SET synchronous_commit = off");
    }

    public static int pid(TransactionTemplate transactions, JdbcTemplate jdbc) {
        return transactions.execute(status -> jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class));
    }

    /** utime + stime of a local process, in nanoseconds (clock ticks of 10 ms). */
    public static long nanos(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }
}
