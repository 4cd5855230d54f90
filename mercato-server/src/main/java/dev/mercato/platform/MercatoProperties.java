package dev.mercato.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code mercato.*}.
 *
 * @param production         true in production: the test clock is off and demo helpers refuse to run
 * @param idempotencyKeyTtl  how long a stored POST response is replayable (at least 24 hours)
 * @param idempotencyWait    how long a second request with an in-flight key waits before a 409
 */
@ConfigurationProperties("mercato")
public record MercatoProperties(boolean production, Duration idempotencyKeyTtl, Duration idempotencyWait) {

    public MercatoProperties {
        if (idempotencyKeyTtl == null) {
            idempotencyKeyTtl = Duration.ofHours(24);
        }
        if (idempotencyWait == null) {
            idempotencyWait = Duration.ofSeconds(5);
        }
    }
}
