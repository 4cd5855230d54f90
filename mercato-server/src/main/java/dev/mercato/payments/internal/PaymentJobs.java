package dev.mercato.payments.internal;

import dev.mercato.platform.RecurringJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The payment janitor as a cluster job: once per {@code mercato.payments.janitor.interval} across all instances. */
@Configuration(proxyBeanMethods = false)
class PaymentJobs {

    @Bean
    RecurringJob reconcilePayments(PaymentJanitor janitor, PaymentsProperties properties) {
        return RecurringJob.every("payments.janitor", properties.janitor().interval(), janitor::reconcileDue);
    }
}
