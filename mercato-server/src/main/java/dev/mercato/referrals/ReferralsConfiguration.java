package dev.mercato.referrals;

import dev.mercato.platform.RecurringJob;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The referrals' settings and the vesting job. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReferralsProperties.class)
class ReferralsConfiguration {

    @Bean
    RecurringJob releaseVestedReferrals(ReferralPayments payments, ReferralsProperties properties) {
        return RecurringJob.every("referrals.release-vested", properties.releaseInterval(), payments::releaseDue);
    }
}
