package dev.mercato.platform.ratelimit;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;

/** Bucket4j reads time from Mercato's clock, so buckets refill when the test clock moves. */
record ClockTimeMeter(Clock clock) implements TimeMeter {

    @Override
    public long currentTimeNanos() {
        return clock.millis() * 1_000_000;
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
