package dev.mercato.billing;

import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentJanitorConfiguration {

    /** Records or refunds subscription payments captured without their change (ADR 0017), by {@link dev.mercato.platform.MercatoClock}. */
    @Bean
    RecurringJob billingPaymentJanitor(SubscriptionPaymentJanitor janitor,
            @Value("${mercato.billing.payment-janitor.interval:PT5M}") Duration interval) {
        return RecurringJob.every("billing.payment-janitor", interval, janitor::run);
    }
}
