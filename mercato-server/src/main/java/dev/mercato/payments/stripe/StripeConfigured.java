package dev.mercato.payments.stripe;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** True when both the Stripe secret key and the webhook secret are set. */
class StripeConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty("mercato.payments.stripe.secret-key"))
                && StringUtils.hasText(context.getEnvironment().getProperty("mercato.payments.stripe.webhook-secret"));
    }
}
