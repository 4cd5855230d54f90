package dev.mercato.platform.observability;

import java.time.Clock;

/**
 * Requests and server errors over the last minute, in one-second buckets, so the share of 5xx can
 * be read at any moment without keeping every request. Synchronized: each call is a few array
 * operations.
 */
final class ErrorWindow {

    private static final int SECONDS = 60;

    private final Clock clock;
    private final long[] stamps = new long[SECONDS];
    private final long[] requests = new long[SECONDS];
    private final long[] errors = new long[SECONDS];

    ErrorWindow(Clock clock) {
        this.clock = clock;
    }

    synchronized void record(boolean serverError) {
        long now = Math.floorDiv(clock.millis(), 1000);
        int slot = (int) Math.floorMod(now, SECONDS);
        if (stamps[slot] != now) {
            stamps[slot] = now;
            requests[slot] = 0;
            errors[slot] = 0;
        }
        requests[slot]++;
        if (serverError) {
            errors[slot]++;
        }
    }

    /** The share of requests in the last 60 seconds that ended in a server error; 0 when there were none. */
    synchronized double rate() {
        long now = Math.floorDiv(clock.millis(), 1000);
        long total = 0;
        long failed = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (now - stamps[i] < SECONDS) {
                total += requests[i];
                failed += errors[i];
            }
        }
        return total == 0 ? 0 : (double) failed / total;
    }
}
