package dev.mercato.credits;

import dev.mercato.platform.RecurringJob;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The credits' settings and their background job. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CreditsProperties.class)
class CreditsConfiguration {

    @Bean
    RecurringJob expireCredits(CreditExpiry expiry, CreditsProperties properties) {
        return RecurringJob.every("credits.expire-lots", properties.expiryInterval(), expiry::expireDue);
    }
}
