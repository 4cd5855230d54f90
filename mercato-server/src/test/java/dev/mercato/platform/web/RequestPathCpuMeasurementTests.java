package dev.mercato.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.mercato.testing.IntegrationTest;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A measurement, not a check: it runs only when {@code -Dmeasure.requests=N} asks for it (the suite skips it), and
 * measures the CPU time and the memory allocated
 * per request on the request's own thread for benchmark (d)'s request, {@code POST
 * /v1/ledger/transactions} with an admin key, through every filter, Spring MVC, the controller and
 * the audit capture (not Tomcat's HTTP parsing, and not the ledger's writer threads). It counts a
 * fixed number of warm-up requests rather than seconds, and CPU time of the calling threads rather
 * than wall time, so the figures barely move when other work shares the machine — unlike the
 * benchmark's, whose JIT warm-up depends on how many requests its warm-up window managed.
 * Commits are not waited for on disk ({@code synchronous_commit = off}): this measures the JVM only.
 *
 * <pre>mvn -B test -pl mercato-server -Dtest=RequestPathCpuMeasurementTests -Dsurefire.failIfNoSpecifiedTests=false -Dmeasure.requests=20000</pre>
 *
 * ({@code measure.requests}: the measured requests per thread, after as many warm-up ones).
 */
@AutoConfigureMockMvc
@EnabledIfSystemProperty(named = "measure.requests", matches = "[1-9][0-9]*")
class RequestPathCpuMeasurementTests extends IntegrationTest {

    private static final int THREADS = 4;

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.hikari.connection-init-sql", () -> "SET synchronous_commit = off");
        registry.add("mercato.rate-limits.classes.default.limit", () -> "1000000000");
        registry.add("mercato.rate-limits.classes.ip.limit", () -> "1000000000");
    }

    @Test
    void cpuAndAllocationPerLedgerTransferRequest() throws Exception {
        String from = admin().post("/v1/ledger/accounts", Map.of("purpose", "measure", "asset", "USD",
                "owner_type", "platform", "owner_id", "platform", "allow_negative", true)).id();
        String to = admin().post("/v1/ledger/accounts", Map.of("purpose", "measure", "asset", "USD")).id();
        int requests = Integer.getInteger("measure.requests", 20_000);
        run(from, to, requests); // warm-up: the JIT compiles the path
        long[] totals = run(from, to, requests);
        double n = (double) requests * THREADS;
        System.out.printf("REQUEST PATH: %d requests on %d threads: %.1f µs CPU and %.1f KiB allocated per request%n",
                (long) n, THREADS, totals[0] / n / 1_000, totals[1] / n / 1024);
    }

    /** Sends requests from each thread; answers the threads' summed CPU nanoseconds and allocated bytes. */
    private long[] run(String from, String to, int requests) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<long[]> caller = () -> {
                    long cpu = threads.getCurrentThreadCpuTime();
                    long bytes = threads.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < requests; i++) {
                        String body = """
                                {"idempotency_key":"%s","type":"measure.transfer","entries":[\
                                {"account_id":"%s","direction":"debit","amount":1,"asset":"USD"},\
                                {"account_id":"%s","direction":"credit","amount":1,"asset":"USD"}]}"""
                                .formatted(UUID.randomUUID(), from, to);
                        int status = mvc.perform(post("/v1/ledger/transactions").header("Authorization", "Bearer " + ADMIN_KEY)
                                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse().getStatus();
                        assertThat(status).isEqualTo(201);
                    }
                    return new long[] {threads.getCurrentThreadCpuTime() - cpu,
                            threads.getCurrentThreadAllocatedBytes() - bytes};
                };
                results.add(pool.submit(caller));
            }
            long[] totals = new long[2];
            for (Future<long[]> result : results) {
                totals[0] += result.get()[0];
                totals[1] += result.get()[1];
            }
            return totals;
        } finally {
            pool.shutdownNow();
        }
    }
}
