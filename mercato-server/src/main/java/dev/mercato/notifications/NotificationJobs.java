package dev.mercato.notifications;

import dev.mercato.notifications.internal.NotificationsProperties;
import dev.mercato.platform.RecurringJob;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotificationJobs {

    /** Sends due email once per interval across the cluster (claims skip locked rows, so overlap is harmless). */
    @Bean
    RecurringJob sendDueEmail(MailDelivery delivery, NotificationsProperties settings) {
        return RecurringJob.every("notifications.send-mail", settings.sendInterval(), delivery::sendDue);
    }

    /** Finished email stays readable for operators for {@code keep-for}, then goes. */
    @Bean
    RecurringJob pruneSentEmail(MailOutbox outbox, NotificationsProperties settings, Clock clock) {
        return RecurringJob.every("notifications.prune-mail", Duration.ofHours(1), () -> {
            int deleted; // a backlog goes in bounded statements, so no one statement holds many rows
            do {
                deleted = outbox.pruneBefore(clock.instant().minus(settings.keepFor()), 1_000);
            } while (deleted == 1_000);
        });
    }
}
