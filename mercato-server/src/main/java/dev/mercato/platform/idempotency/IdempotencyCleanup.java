package dev.mercato.platform.idempotency;

import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes stored responses whose retention ran out; any instance may run it, the delete is idempotent. */
@Component
class IdempotencyCleanup {

    private final IdempotencyRecords records;
    private final Clock clock;

    IdempotencyCleanup(IdempotencyRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${mercato.idempotency-cleanup-interval:PT10M}", initialDelayString = "PT1M")
    void deleteExpired() {
        records.deleteExpired(clock.instant());
    }
}
