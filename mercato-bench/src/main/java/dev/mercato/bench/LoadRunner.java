package dev.mercato.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives an operation from a fixed number of closed-loop caller threads: a warm-up window whose
 * results are thrown away, then a measured window. Each thread records the latency of every call
 * that succeeded; failures are counted. Both windows are bounded in time.
 *
 * <p>The warm-up lasts the seconds asked for and then, in windows of {@value #SETTLE_SECONDS} s, as long as the JIT
 * is still compiling (more than {@value #JIT_BUSY_SHARE_PERCENT} % of a window spent in compilation), at most
 * {@value #MAX_SETTLE_WINDOWS} windows more: what the measured window sees is the server's steady state, not C2
 * still compiling on the same 2 cores. How long the JIT took is printed, so a run that never settled says so.
 */
final class LoadRunner {

    /** One call of the measured operation. {@code sequence} is unique per thread and call. */
    @FunctionalInterface
    interface Operation {
        void call(int thread, long sequence) throws Exception;
    }

    private static final java.lang.management.ThreadMXBean CALLER_CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final long STRAGGLER_GRACE_NANOS = 60_000_000_000L;

    private static final java.lang.management.CompilationMXBean JIT = java.lang.management.ManagementFactory.getCompilationMXBean();
    static final double SETTLE_SECONDS = 2;
    static final int JIT_BUSY_SHARE_PERCENT = 5;
    static final int MAX_SETTLE_WINDOWS = 30;

    private final int threads;

    LoadRunner(int threads) {
        this.threads = threads;
    }

    /** Runs the warm-up, then the measured window; {@code probe} brackets the measured window only. */
    PhaseResult run(String name, String description, Operation operation, double warmupSeconds, double seconds,
            Probe probe) throws Exception {
        return run(name, description, operation, warmupSeconds, () -> {
        }, seconds, probe);
    }

    /** The same, with {@code afterWarmup} run between the windows, with no load (such as analyzing what the warm-up wrote). */
    PhaseResult run(String name, String description, Operation operation, double warmupSeconds, Pause afterWarmup,
            double seconds, Probe probe) throws Exception {
        AtomicLong sequence = new AtomicLong();
        window(operation, warmupSeconds, sequence);
        settle(operation, sequence);
        afterWarmup.run();
        probe.start();
        Window measured = window(operation, seconds, sequence);
        probe.stop();
        PhaseResult result = PhaseResult.of(name, description, Latencies.merged(measured.latencies()),
                measured.failures(), measured.seconds());
        return result.withNotes(probe.describe(result.operations(), measured.callerCpuNanos()));
    }

    /** Work between the warm-up and the measured window. */
    @FunctionalInterface
    interface Pause {
        void run() throws Exception;
    }

    /** Something observed over the measured window, such as CPU use or group-commit batch sizes. */
    interface Probe {
        void start();

        void stop();

        /**
         * What was observed, given how many operations succeeded meanwhile and the CPU the caller
         * threads themselves used (-1 if unknown).
         */
        String describe(long operations, long callerCpuNanos);

        /** Observes nothing: for phases that report only throughput and latency. */
        Probe NONE = new Probe() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }

            @Override
            public String describe(long operations, long callerCpuNanos) {
                return "";
            }
        };
    }

    /** More warm-up windows while the JIT is still busy compiling what the operation runs; prints what it took. */
    private void settle(Operation operation, AtomicLong sequence) throws InterruptedException {
        if (JIT == null || !JIT.isCompilationTimeMonitoringSupported()) {
            return;
        }
        for (int extra = 0; extra < MAX_SETTLE_WINDOWS; extra++) {
            long compiledBefore = JIT.getTotalCompilationTime();
            window(operation, SETTLE_SECONDS, sequence);
            long compiledMillis = JIT.getTotalCompilationTime() - compiledBefore;
            if (compiledMillis * 100 <= SETTLE_SECONDS * 1000 * JIT_BUSY_SHARE_PERCENT) {
                System.out.printf("  the JIT settled after %.0f s more warm-up%n", (extra + 1) * SETTLE_SECONDS);
                return;
            }
        }
        System.out.printf("  the JIT was still compiling after %.0f s more warm-up: the figures include compilation%n",
                MAX_SETTLE_WINDOWS * SETTLE_SECONDS);
    }

    private record Window(List<Latencies> latencies, long failures, double seconds, long callerCpuNanos) {
    }

    private Window window(Operation operation, double seconds, AtomicLong sequence) throws InterruptedException {
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        AtomicLong callerCpu = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Latencies mine = new Latencies();
            latencies.add(mine);
            workers.add(Thread.ofPlatform().name("bench-caller-" + t).daemon().start(() -> {
                long cpuStart = CALLER_CPU.getCurrentThreadCpuTime();
                long now = System.nanoTime();
                while (now < end) {
                    try {
                        operation.call(thread, sequence.incrementAndGet());
                        long done = System.nanoTime();
                        mine.record(done - now);
                        now = done;
                    } catch (Exception | Error e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                        now = System.nanoTime();
                    }
                }
                callerCpu.addAndGet(CALLER_CPU.getCurrentThreadCpuTime() - cpuStart);
            }));
        }
        long deadline = end + STRAGGLER_GRACE_NANOS;
        for (Thread worker : workers) {
            worker.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (worker.isAlive()) {
                throw new IllegalStateException(worker.getName() + " is stuck in a call " + STRAGGLER_GRACE_NANOS / 1_000_000_000
                        + " s after the window ended");
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (firstFailure.get() != null) {
            System.err.printf("  %d calls failed; the first: %s%n", failures.get(), firstFailure.get());
        }
        return new Window(latencies, failures.get(), elapsed, callerCpu.get());
    }
}
