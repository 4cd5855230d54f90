package dev.mercato.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.outbox.*}.
 *
 * @param retryInterval       how often incomplete publications are looked at
 * @param retryAfter          how old an incomplete publication must be before it is resubmitted
 *                            automatically; also the first wait between two resubmissions, which
 *                            doubles per attempt up to {@code maxRetryBackoff}
 * @param maxRetryBackoff     the longest wait between two automatic resubmissions of one publication
 * @param resubmissionTimeout how long a resubmission may stay unfinished (its instance died) before
 *                            it counts as failed and may be resubmitted again
 */
@ConfigurationProperties("mercato.outbox")
record OutboxProperties(@DefaultValue("PT1M") Duration retryInterval, @DefaultValue("PT5M") Duration retryAfter,
        @DefaultValue("PT1H") Duration maxRetryBackoff, @DefaultValue("PT1H") Duration resubmissionTimeout) {
}
