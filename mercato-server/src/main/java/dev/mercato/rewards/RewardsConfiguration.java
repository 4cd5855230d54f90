package dev.mercato.rewards;

import dev.mercato.platform.RecurringJob;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rewards' settings and their background job. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RewardsProperties.class)
class RewardsConfiguration {

    @Bean
    RecurringJob expireRewardTokens(TokenExpiry expiry, RewardsProperties properties) {
        return RecurringJob.every("rewards.expire-lots", properties.expiryInterval(), expiry::expireDue);
    }
}
