package dev.mercato.billing;

import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(BillingProperties.class)
class BillingConfiguration {

    /** Renews (or ends) subscriptions whose period has ended, by {@link dev.mercato.platform.MercatoClock}. */
    @Bean
    RecurringJob billingRenewals(SubscriptionManagement subscriptions,
            @Value("${mercato.billing.renewal-interval:PT1M}") Duration interval) {
        return RecurringJob.every("billing.renewals", interval, subscriptions::renewDue);
    }

    /** Retries past-due payments on their days and takes the final action after the last, by {@link dev.mercato.platform.MercatoClock}. */
    @Bean
    RecurringJob billingDunning(SubscriptionManagement subscriptions,
            @Value("${mercato.billing.dunning.interval:PT1M}") Duration interval) {
        return RecurringJob.every("billing.dunning", interval, subscriptions::runDunning);
    }
}
