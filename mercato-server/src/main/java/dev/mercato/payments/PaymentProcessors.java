package dev.mercato.payments;

import dev.mercato.payments.internal.PaymentsProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The processor adapters this instance has, and the one payments go through
 * ({@code mercato.payments.processor}, default {@code simulated}). The Stripe adapter exists only
 * when its secret key and webhook secret are set; choosing it without them stops the start.
 */
@Component
public class PaymentProcessors {

    private final Map<String, PaymentProcessor> adapters;
    private final PaymentProcessor active;

    PaymentProcessors(List<PaymentProcessor> adapters, PaymentsProperties properties) {
        this.adapters = adapters.stream().collect(Collectors.toMap(PaymentProcessor::name, Function.identity(),
                (a, b) -> {
                    throw new IllegalStateException("two payment processor adapters are named " + a.name());
                }, TreeMap::new));
        String chosen = properties.processor().trim();
        this.active = this.adapters.get(chosen);
        if (active == null && chosen.equals("stripe")) {
            throw new IllegalStateException("mercato.payments.processor=stripe needs mercato.payments.stripe.secret-key "
                    + "and mercato.payments.stripe.webhook-secret (MERCATO_PAYMENTS_STRIPE_SECRET_KEY and "
                    + "MERCATO_PAYMENTS_STRIPE_WEBHOOK_SECRET)");
        }
        if (active == null) {
            throw new IllegalStateException("mercato.payments.processor='" + chosen + "' is not a payment processor; "
                    + "choose one of " + this.adapters.keySet() + " (stripe needs its secret key and webhook secret)");
        }
    }

    /** The adapter new payments go through. */
    public PaymentProcessor active() {
        return active;
    }

    public Optional<PaymentProcessor> find(String name) {
        return Optional.ofNullable(adapters.get(name));
    }

    /** The named adapter, or a 404 {@code unknown_adapter}. */
    public PaymentProcessor get(String name) {
        return find(name).orElseThrow(() -> new PaymentException(404, "unknown_adapter",
                "no payment processor adapter '" + name + "' is configured here; available: " + adapters.keySet()));
    }

    public Set<String> names() {
        return adapters.keySet();
    }
}
