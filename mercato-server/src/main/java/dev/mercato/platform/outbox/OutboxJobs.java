package dev.mercato.platform.outbox;

import dev.mercato.platform.RecurringJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OutboxJobs {

    /** Resubmits incomplete event publications, once per interval across the cluster. */
    @Bean
    RecurringJob retryEventPublications(OutboxRetry retry, OutboxProperties properties) {
        return RecurringJob.every("platform.outbox-retry", properties.retryInterval(), retry::retryDue);
    }
}
