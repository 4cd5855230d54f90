package dev.mercato.notifications;

import dev.mercato.notifications.internal.NotificationsProperties;
import dev.mercato.platform.RecurringJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotificationJobs {

    /** Sends due email once per interval across the cluster (claims skip locked rows, so overlap is harmless). */
    @Bean
    RecurringJob sendDueEmail(MailDelivery delivery, NotificationsProperties settings) {
        return RecurringJob.every("notifications.send-mail", settings.sendInterval(), delivery::sendDue);
    }
}
