package dev.mercato.campaigns;

import dev.mercato.platform.RecurringJob;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The campaigns job: everything that happens because time passed — deadlines, reservations that
 * ran out, reviews nobody made, appeal windows that closed, verifications that never finished,
 * refunds the processor has not yet confirmed. Each step is safe to repeat.
 */
@Configuration
@EnableConfigurationProperties(CampaignsProperties.class)
class CampaignsConfiguration {

    @Bean
    RecurringJob campaignsHousekeeping(CampaignDeadlines deadlines, SubmissionReview review, ResponseSubmission responses,
            CampaignRefunds refunds, CampaignsProperties properties) {
        return RecurringJob.every("campaigns.housekeeping", properties.interval(), () -> {
            deadlines.expireReservations();
            deadlines.expireCampaigns();
            review.approveOverdue();
            review.closeAppealWindows();
            responses.verifyStuck();
            refunds.sendPending();
        });
    }
}
