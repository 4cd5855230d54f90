package dev.mercato.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: 1 min, 5 min, 30 min, 2 h, 5 h, then every 10 h after the
 * attempt that failed, each wait varied by ±10 % so receivers coming back from an outage are not
 * hit by every delivery at once. Nothing is retried after the retry window (3 days by default)
 * from the delivery's creation; the wait that would cross it is cut short, so the last attempt is
 * made when the window ends. With 3 days that is 13 attempts.
 */
final class RetrySchedule {

    static final List<Duration> WAITS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10));
    static final double JITTER = 0.10;

    private final Duration window;

    RetrySchedule(Duration window) {
        this.window = window;
    }

    /** The next attempt after {@code attemptsMade} failed ones, or empty when the window is over. */
    Optional<Instant> next(int attemptsMade, Instant createdAt, Instant now) {
        Instant end = createdAt.plus(window);
        if (!now.isBefore(end)) {
            return Optional.empty();
        }
        Duration wait = WAITS.get(Math.min(attemptsMade, WAITS.size()) - 1);
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        Instant next = now.plusMillis(Math.round(wait.toMillis() * factor));
        return Optional.of(next.isAfter(end) ? end : next);
    }
}
