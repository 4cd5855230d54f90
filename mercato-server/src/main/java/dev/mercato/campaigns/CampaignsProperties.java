package dev.mercato.campaigns;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Campaign settings ({@code mercato.campaigns.*}).
 *
 * @param protocolFeeBasisPoints  taken from each paid reward as the platform's protocol fee (700 = 7%)
 * @param processorFeeBasisPoints taken from each paid reward for the processor (25 = 0.25%)
 * @param fundingFeeBasisPoints   charged to the buyer on top of each funded reward (0 by default: the
 *                                fees above are the platform's income)
 * @param reservationTime         how long an accepted task holds its slot unless the campaign says otherwise
 * @param maxActiveReservations   how many unsubmitted tasks one responder may hold at once
 * @param maxResponseCharacters   the longest response accepted
 * @param autoApproveDays         days after which a response the buyer has not reviewed is approved, unless the campaign says otherwise
 * @param appealDays              how long a rejected response may be appealed (its slot stays held meanwhile)
 * @param maxRejectionsPerDay     rejections one buyer may make in 24 hours, across campaigns
 * @param interval                how often the campaigns job expires reservations and campaigns, approves overdue reviews and retries refunds
 * @param verifyingTimeout        a submission still being verified this long after it came in is verified again by the job
 */
@ConfigurationProperties("mercato.campaigns")
public record CampaignsProperties(@DefaultValue("700") int protocolFeeBasisPoints,
        @DefaultValue("25") int processorFeeBasisPoints, @DefaultValue("0") int fundingFeeBasisPoints,
        @DefaultValue("PT30M") Duration reservationTime, @DefaultValue("3") int maxActiveReservations,
        @DefaultValue("20000") int maxResponseCharacters, @DefaultValue("7") int autoApproveDays,
        @DefaultValue("3") int appealDays, @DefaultValue("10") int maxRejectionsPerDay,
        @DefaultValue("PT1M") Duration interval, @DefaultValue("PT5M") Duration verifyingTimeout) {
}
