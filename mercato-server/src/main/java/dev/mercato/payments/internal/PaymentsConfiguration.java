package dev.mercato.payments.internal;

import dev.mercato.platform.RecurringJob;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentsProperties.class)
public class PaymentsConfiguration {

    @Bean
    RecurringJob reconcilePayments(PaymentJanitor janitor, PaymentsProperties properties) {
        return RecurringJob.every("payments.janitor", properties.janitor().interval(), janitor::reconcileDue);
    }
}
