package dev.mercato.webhooks;

import dev.mercato.platform.RecurringJob;
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
}
