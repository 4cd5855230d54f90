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
 * @param durableListenerCommits whether a listener's transaction waits at its commit for the
 *                            write-ahead log to reach the disk (ADR 0046). By default it does not
 *                            ({@code synchronous_commit = off} for that transaction alone): the
 *                            listener's work and its publication's completion commit together, so
 *                            a commit lost to a database crash is a publication still incomplete,
 *                            delivered again by the retry; the publishing transaction stays durable
 */
@ConfigurationProperties("mercato.outbox")
record OutboxProperties(@DefaultValue("PT1M") Duration retryInterval, @DefaultValue("PT5M") Duration retryAfter,
        @DefaultValue("PT1H") Duration maxRetryBackoff, @DefaultValue("PT1H") Duration resubmissionTimeout,
        @DefaultValue("false") boolean durableListenerCommits) {
}
