package dev.mercato.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A measurement of the CPU time a piece of database work costs on both sides: the PostgreSQL
 * backend that served it, read from {@code /proc/<pid>/stat} (so the database must run on this
 * machine), and the calling thread. CPU clocks rather than wall time, so the figures barely move
 * when other work shares the machine. Commits are not waited for on disk
 * ({@code synchronous_commit = off}): it measures statements, not fsyncs.
 */
public abstract class CpuMeasurement extends IntegrationTest {

    @Autowired
    protected TransactionTemplate transactions;
    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void commitsNotWaitedFor(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.hikari.connection-init-sql", () -> "SET synchronous_commit = off");
    }

    /** Work whose CPU time is measured; it runs on the measuring thread. */
    protected interface Work {
        void run() throws Exception;
    }

    /**
     * Runs the work and answers the nanoseconds of CPU it cost the backend and this thread. The
     * work must use one pooled connection from this thread (one thread keeps getting its own
     * connection back): the backend's pid before and after must be the same.
     */
    protected long[] cpuNanos(Work work) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        int backend = backendPid();
        long pgBefore = backendCpuNanos(backend);
        long jvmBefore = threads.getCurrentThreadCpuTime();
        work.run();
        long jvm = threads.getCurrentThreadCpuTime() - jvmBefore;
        long pg = backendCpuNanos(backend) - pgBefore;
        assertThat(backendPid()).as("one pooled connection served all the work").isEqualTo(backend);
        return new long[] {pg, jvm};
    }

    private int backendPid() {
        return transactions.execute(status -> jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class));
    }

    /** utime + stime of a local process, in nanoseconds (clock ticks of 10 ms). */
    private static long backendCpuNanos(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }
}
