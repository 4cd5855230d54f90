package dev.mercato.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Calls at a fixed rate whatever the answers' latency (open loop): call {@code i} is due at
 * {@code start + i / rate} and runs on a virtual thread of its own, and its latency counts from
 * when it was due, so a stall delays every call due meanwhile instead of pausing the callers (a
 * closed loop's coordinated omission). Calls due in the warm-up are not counted. Operations per
 * second are the counted calls over the time from the window's start until the last of them
 * answered: the rate when the server keeps up, less when calls pile up.
 */
final class OpenLoop {

    private OpenLoop() {
    }

    static PhaseResult run(String name, String description, int users, double rate, double warmupSeconds, double seconds,
            LoadRunner.Operation operation) throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long measuredFrom = start + (long) (warmupSeconds * 1e9);
        long end = measuredFrom + (long) (seconds * 1e9);
        Latencies latencies = new Latencies();
        AtomicLong failures = new AtomicLong();
        AtomicLong lastDone = new AtomicLong(end);
        List<Thread> calls = new ArrayList<>();
        for (long i = 0; ; i++) {
            long due = start + i * interval;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long call = i;
            boolean counted = due >= measuredFrom;
            Thread thread = Thread.ofVirtual().start(() -> {
                try {
                    operation.call((int) (call % users), call);
                    long done = System.nanoTime();
                    long latency = done - due;
                    if (counted) {
                        lastDone.accumulateAndGet(done, Math::max);
                        synchronized (latencies) {
                            latencies.record(latency);
                        }
                    }
                } catch (Exception e) {
                    if (counted) {
                        failures.incrementAndGet();
                    }
                }
            });
            if (counted) {
                calls.add(thread);
            }
        }
        for (Thread call : calls) {
            call.join(TimeUnit.SECONDS.toMillis(30));
        }
        long[] sorted;
        synchronized (latencies) {
            sorted = Latencies.merged(List.of(latencies));
        }
        return PhaseResult.of(name, description, sorted, failures.get(), (lastDone.get() - measuredFrom) / 1e9);
    }
}
