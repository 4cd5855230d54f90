package dev.mercato.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.stereotype.Service;

/**
 * Retries listeners that did not complete. An event publication is stored with the change that
 * published it; its listener runs after commit and, if it throws or its instance dies, the
 * publication stays incomplete. Operators resubmit them by hand, and {@link #retryDue()} does so
 * for those older than {@code mercato.outbox.retry-after}, waiting longer after each attempt.
 * Resubmitting is safe across instances: Modulith marks a publication RESUBMITTED with a
 * conditional update, so one instance runs it.
 */
@Service
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxRetry {

    private static final Logger log = LoggerFactory.getLogger(OutboxRetry.class);

    private final IncompleteEventPublications incomplete;
    private final EventPublications publications;
    private final OutboxProperties properties;
    private final Clock clock;

    OutboxRetry(IncompleteEventPublications incomplete, EventPublications publications, OutboxProperties properties,
            Clock clock) {
        this.incomplete = incomplete;
        this.publications = publications;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The recurring work: resubmits every incomplete publication older than {@code retry-after}
     * whose last resubmission is older than its backoff ({@code retry-after} doubled per attempt,
     * at most {@code max-retry-backoff}); first releases resubmissions abandoned by a dead instance.
     * Returns how many were resubmitted.
     */
    public int retryDue() {
        Instant now = clock.instant();
        int released = publications.releaseAbandonedResubmissions(now.minus(properties.resubmissionTimeout()));
        if (released > 0) {
            log.warn("{} event publication resubmission(s) never finished; they will be resubmitted", released);
        }
        int resubmitted = resubmit(p -> isDue(p, now));
        if (resubmitted > 0) {
            log.info("resubmitted {} incomplete event publication(s)", resubmitted);
        }
        return resubmitted;
    }

    /** Resubmits the given incomplete publications now (the operator's retry); returns how many. */
    int resubmit(Set<UUID> ids) {
        return resubmit(p -> ids.contains(p.getIdentifier()));
    }

    /** Resubmits every failed publication now; returns how many. */
    int resubmitFailed() {
        return resubmit(p -> p.getStatus() == EventPublication.Status.FAILED);
    }

    private int resubmit(Predicate<EventPublication> filter) {
        AtomicInteger selected = new AtomicInteger();
        incomplete.resubmitIncompletePublications(p -> {
            boolean chosen = p.getStatus() != EventPublication.Status.RESUBMITTED && filter.test(p);
            if (chosen) {
                selected.incrementAndGet();
            }
            return chosen;
        });
        return selected.get();
    }

    private boolean isDue(EventPublication p, Instant now) {
        if (!p.getPublicationDate().isBefore(now.minus(properties.retryAfter()))) {
            return false;
        }
        Instant last = p.getLastResubmissionDate();
        return last == null || !last.isAfter(now.minus(backoff(p.getCompletionAttempts())));
    }

    /** retry-after, doubled for each attempt after the first, capped. */
    private Duration backoff(int attempts) {
        Duration wait = properties.retryAfter();
        for (int i = 1; i < attempts && wait.compareTo(properties.maxRetryBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.maxRetryBackoff()) > 0 ? properties.maxRetryBackoff() : wait;
    }
}
