package dev.mercato.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock every module reads. It follows the system clock plus an offset that only the
 * test-clock endpoint (disabled in production) can move forward, so scheduled behaviour — hold
 * expiry, renewals, email sequences — can be exercised in tests and demos without waiting.
 */
public final class MercatoClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public MercatoClock(Clock base) {
        this.base = base;
    }

    public static MercatoClock system() {
        return new MercatoClock(Clock.systemUTC());
    }

    /** Moves time forward; time never goes backwards. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw ApiException.invalid("invalid_duration", "the clock only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
        return instant();
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(this, Duration.ZERO).withZone(zone);
    }

    /** Microsecond precision, the precision PostgreSQL stores, so a value read back equals the one written. */
    @Override
    public Instant instant() {
        return base.instant().plus(offset.get()).truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }
}
