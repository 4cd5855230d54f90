package dev.mercato.platform.audit;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes audit events older than {@code mercato.audit.retention}, when that is set, through the
 * database's {@code audit_events_purge} (plain deletes are refused). Any instance may run it.
 * First, with or without a retention, it summarises the BRIN time index's new page ranges.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditEvents events;
    private final AuditProperties properties;
    private final Clock clock;

    AuditRetention(AuditEvents events, AuditProperties properties, Clock clock) {
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    void purgeExpired() {
        events.summarizeTimeIndex();
        if (properties.retention() == null) {
            return;
        }
        int deleted = events.purgeBefore(clock.instant().minus(properties.retention()));
        if (deleted > 0) {
            log.info("deleted {} audit events older than {}", deleted, properties.retention());
        }
    }
}
