package dev.mercato.webhooks;

import dev.mercato.platform.RecurringJob;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhooksProperties.class)
class WebhooksConfiguration {

    /**
     * Every instance dispatches: claims skip rows another instance holds, so more instances send
     * more in parallel, and a cluster job's scheduling delay would add to every delivery's latency.
     */
    @Bean
    RecurringJob dispatchWebhooks(WebhookDispatcher dispatcher, WebhooksProperties properties) {
        return RecurringJob.onEveryInstance("webhooks.dispatch", properties.dispatchInterval(), dispatcher::dispatchDue);
    }

    /** Events and their delivery log are kept for {@code keep-for} once delivered (Stripe keeps 30 days). */
    @Bean
    RecurringJob pruneWebhookEvents(Events events, WebhooksProperties properties, Clock clock) {
        return RecurringJob.every("webhooks.prune-events", Duration.ofHours(1), () -> {
            int deleted; // a backlog goes in bounded statements, so no one statement holds many rows
            do {
                deleted = events.pruneBefore(clock.instant().minus(properties.keepFor()), 1_000);
            } while (deleted == 1_000);
        });
    }
}
