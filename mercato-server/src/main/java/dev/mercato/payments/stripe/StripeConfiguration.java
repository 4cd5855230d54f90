package dev.mercato.payments.stripe;

import dev.mercato.payments.internal.PaymentsProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** The Stripe adapter exists only when its secret key and webhook secret are configured. */
@Configuration(proxyBeanMethods = false)
@Conditional(StripeConfigured.class)
public class StripeConfiguration {

    @Bean
    StripeProcessor stripeProcessor(PaymentsProperties properties, Clock clock, ObjectMapper json) {
        return new StripeProcessor(properties.stripe(), properties.webhookTolerance(), clock, json);
    }
}
