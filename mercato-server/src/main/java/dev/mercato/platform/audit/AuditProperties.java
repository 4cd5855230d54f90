package dev.mercato.platform.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code mercato.audit.*}.
 *
 * @param retention how long audit events are kept; null (the default) keeps them forever. When set,
 *                  older events are deleted through {@code audit_events_purge}, the only way out of the table
 */
@ConfigurationProperties("mercato.audit")
record AuditProperties(Duration retention) {

    AuditProperties {
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("mercato.audit.retention must be positive, e.g. P400D");
        }
    }
}
