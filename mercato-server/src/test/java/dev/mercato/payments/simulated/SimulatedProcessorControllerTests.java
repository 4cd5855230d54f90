package dev.mercato.payments.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The simulated processor's operator endpoints exist only outside production. */
class SimulatedProcessorControllerTests {

    final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withUserConfiguration(SimulatedProcessorController.class)
            .withBean(SimulatedProcessor.class, () -> mock(SimulatedProcessor.class))
            .withBean(SimulatedScenarios.class, () -> mock(SimulatedScenarios.class))
            .withBean(Clock.class, Clock::systemUTC);

    @Test
    void theyDoNotExistInProduction() {
        context.withPropertyValues("mercato.production=true")
                .run(started -> assertThat(started).hasNotFailed().doesNotHaveBean(SimulatedProcessorController.class));
    }

    @Test
    void theyExistOtherwise() {
        context.run(started -> assertThat(started).hasSingleBean(SimulatedProcessorController.class));
        context.withPropertyValues("mercato.production=false")
                .run(started -> assertThat(started).hasSingleBean(SimulatedProcessorController.class));
    }
}
