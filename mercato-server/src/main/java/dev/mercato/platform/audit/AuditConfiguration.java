package dev.mercato.platform.audit;

import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    /** The time index's new ranges summarised, and retention when set, once per interval across the cluster. */
    @Bean
    RecurringJob purgeExpiredAuditEvents(AuditRetention retention,
            @Value("${mercato.audit.purge-interval:PT1H}") Duration interval) {
        return RecurringJob.every("platform.audit-retention", interval, retention::purgeExpired);
    }
}
