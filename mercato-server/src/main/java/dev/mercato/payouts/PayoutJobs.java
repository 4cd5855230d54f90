package dev.mercato.payouts;

import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Payouts' background work, each a cluster job: once per interval across all instances. */
@Configuration(proxyBeanMethods = false)
class PayoutJobs {

    @Bean
    RecurringJob releaseEarnings(EarningsRelease release,
            @Value("${mercato.payouts.release-interval:PT1M}") Duration interval) {
        return RecurringJob.every("payouts.release-earnings", interval, release::releaseDue);
    }

    @Bean
    RecurringJob runPayoutSchedules(ScheduledPayouts scheduled,
            @Value("${mercato.payouts.schedule-interval:PT1M}") Duration interval) {
        return RecurringJob.every("payouts.run-schedules", interval, scheduled::runDue);
    }

    @Bean
    RecurringJob reconcilePayouts(PayoutManagement payouts,
            @Value("${mercato.payouts.schedule-interval:PT1M}") Duration interval) {
        return RecurringJob.every("payouts.reconcile-transfers", interval, payouts::reconcileUnsettled);
    }
}
