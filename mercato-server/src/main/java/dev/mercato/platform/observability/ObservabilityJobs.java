package dev.mercato.platform.observability;

import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ObservabilityJobs {

    /** Each instance reports the database as it sees it, so the probe runs on every instance. */
    @Bean
    RecurringJob probeDatabase(DatabaseStatus status,
            @Value("${mercato.observability.database-probe-interval:PT10S}") Duration interval) {
        return RecurringJob.onEveryInstance("platform.database-status", interval, status::probe);
    }
}
