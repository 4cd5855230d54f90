package dev.mercato.platform.idempotency;

import dev.mercato.platform.RecurringJob;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Deletes stored responses whose retention ran out, once per interval across the cluster. */
@Configuration(proxyBeanMethods = false)
class IdempotencyCleanup {

    @Bean
    RecurringJob deleteExpiredIdempotencyRecords(IdempotencyRecords records, Clock clock,
            @Value("${mercato.idempotency-cleanup-interval:PT10M}") Duration interval) {
        return RecurringJob.every("platform.idempotency-cleanup", interval, () -> records.deleteExpired(clock.instant()));
    }
}
