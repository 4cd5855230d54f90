package dev.mercato.payments.simulated;

import dev.mercato.payments.internal.PaymentsProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Where the simulated processor sends customers (3-D Secure, onboarding) and its webhooks. */
@Component
class SimulatedUrls {

    private final PaymentsProperties properties;
    private final Environment environment;

    SimulatedUrls(PaymentsProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The configured public URL, else this instance on the loopback interface. */
    String base() {
        String configured = properties.simulated().publicUrl();
        if (!configured.isBlank()) {
            return configured;
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://127.0.0.1:" + port;
    }

    String authenticate(String paymentId) {
        return base() + "/v1/simulated-processor/payments/" + paymentId + "/authenticate";
    }

    String onboarding(String accountId) {
        return base() + "/v1/simulated-processor/accounts/" + accountId + "/onboarding";
    }

    String webhook() {
        return base() + "/v1/processor-webhooks/simulated";
    }
}
