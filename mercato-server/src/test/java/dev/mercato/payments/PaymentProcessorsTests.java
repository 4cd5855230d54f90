package dev.mercato.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.mercato.payments.internal.PaymentsConfiguration;
import dev.mercato.payments.stripe.StripeConfiguration;
import dev.mercato.testing.Instances;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Which adapter payments go through, and that choosing Stripe without its secrets stops the start. */
class PaymentProcessorsTests {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(PaymentsConfiguration.class, StripeConfiguration.class, PaymentProcessors.class)
            .withBean(Clock.class, Clock::systemUTC)
            .withBean(ObjectMapper.class, () -> JsonMapper.builder().build())
            .withBean("simulatedProcessor", PaymentProcessor.class, PaymentProcessorsTests::simulated);

    @Test
    void theSimulatedProcessorIsTheDefaultAndStripeIsAbsentWithoutItsSecrets() {
        context.run(started -> {
            PaymentProcessors processors = started.getBean(PaymentProcessors.class);
            assertThat(processors.active().name()).isEqualTo("simulated");
            assertThat(processors.names()).containsExactly("simulated");
            assertThatThrownBy(() -> processors.get("stripe")).isInstanceOfSatisfying(PaymentException.class, e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.code()).isEqualTo("unknown_adapter");
            });
        });
    }

    @Test
    void stripeIsAvailableOnceBothSecretsAreSetAndChosenByName() {
        context.withPropertyValues("mercato.payments.stripe.secret-key=sk_test_x",
                "mercato.payments.stripe.webhook-secret=whsec_x").run(started -> {
                    PaymentProcessors processors = started.getBean(PaymentProcessors.class);
                    assertThat(processors.names()).containsExactly("simulated", "stripe");
                    assertThat(processors.active().name()).isEqualTo("simulated");
                });
        context.withPropertyValues("mercato.payments.processor=stripe", "mercato.payments.stripe.secret-key=sk_test_x",
                "mercato.payments.stripe.webhook-secret=whsec_x").run(started ->
                        assertThat(started.getBean(PaymentProcessors.class).active().name()).isEqualTo("stripe"));
    }

    @Test
    void choosingStripeWithoutBothSecretsFailsTheStart() {
        context.withPropertyValues("mercato.payments.processor=stripe", "mercato.payments.stripe.secret-key=sk_test_x")
                .run(started -> assertThat(started).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("mercato.payments.stripe.webhook-secret"));
        context.withPropertyValues("mercato.payments.processor=paypal")
                .run(started -> assertThat(started).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("'paypal' is not a payment processor"));
    }

    @Test
    void aWholeMercatoRefusesToStartWithStripeChosenAndNotConfigured() {
        assertThatThrownBy(() -> Instances.start("--mercato.payments.processor=stripe").close())
                .rootCause().hasMessageContaining("mercato.payments.processor=stripe needs mercato.payments.stripe.secret-key");
    }

    private static PaymentProcessor simulated() {
        PaymentProcessor simulated = mock(PaymentProcessor.class);
        when(simulated.name()).thenReturn("simulated");
        return simulated;
    }
}
