package dev.mercato.payments.internal;

import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentFailure;
import dev.mercato.payments.PaymentProcessor;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.PaymentReconciled;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorPayment;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles payments left pending, unknown or waiting for the customer: asks the processor for each
 * (by its processor id, or by Mercato's reference when the id never came back), writes down the
 * processor's truth and publishes {@link PaymentReconciled} in the same transaction, so the owner
 * can capture or cancel. A payment the processor never saw is marked failed ({@code not_processed})
 * once {@code give-up-after} has passed; one whose customer never completed 3-D Secure is canceled
 * after {@code requires-action-timeout}. It runs as a cluster job every {@code interval}
 * ({@link PaymentJobs}); should two runs ever meet (a direct call beside it), each claims its
 * attempts with {@code SKIP LOCKED}.
 */
@Component
public class PaymentJanitor {

    private static final Logger log = LoggerFactory.getLogger(PaymentJanitor.class);

    private final PaymentAttempts attempts;
    private final PaymentProcessors processors;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PaymentsProperties.Janitor settings;

    PaymentJanitor(PaymentAttempts attempts, PaymentProcessors processors, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock, PaymentsProperties properties) {
        this.attempts = attempts;
        this.processors = processors;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.settings = properties.janitor();
    }

    /** Looks at every attempt due for a look now; returns how many it settled. */
    public int reconcileDue() {
        int settled = 0;
        List<PaymentAttempt> due;
        do {
            Instant now = clock.instant();
            due = transactions.execute(status -> attempts.claimDue(now, now.plus(settings.minAge()), settings.batchSize()));
            for (PaymentAttempt attempt : due) {
                try {
                    settled += reconcile(attempt, now) ? 1 : 0;
                } catch (RuntimeException e) {
                    log.warn("payment {}: could not reconcile with {}; next look after {}", attempt.id(),
                            attempt.adapter(), settings.minAge(), e);
                }
            }
        } while (due.size() == settings.batchSize());
        return settled;
    }

    /**
     * Reconciles one attempt at once, when a webhook says its payment changed — the customer
     * completed 3-D Secure, or the processor finished what timed out — instead of at its next look.
     */
    public boolean reconcileNow(PaymentAttempt attempt) {
        if (attempt.status().settled()) {
            return false;
        }
        return reconcile(attempt, clock.instant());
    }

    private boolean reconcile(PaymentAttempt attempt, Instant now) {
        PaymentProcessor processor = processors.get(attempt.adapter());
        Optional<ProcessorPayment> found = attempt.processorPaymentId() != null
                ? processor.retrieve(attempt.processorPaymentId())
                : processor.findByReference(attempt.id());
        if (found.isEmpty()) {
            if (attempt.createdAt().plus(settings.giveUpAfter()).isAfter(now)) {
                return false;
            }
            return settle(attempt, ProcessorPayment.failed(attempt.amount(), attempt.currency(),
                    PaymentFailure.NOT_PROCESSED, "the processor has no record of this payment; nothing was charged"));
        }
        ProcessorPayment truth = found.get();
        if (truth.status() == PaymentStatus.REQUIRES_ACTION) {
            if (attempt.createdAt().plus(settings.requiresActionTimeout()).isAfter(now)) {
                if (attempt.status() != PaymentStatus.REQUIRES_ACTION) {
                    transactions.executeWithoutResult(status -> attempts.record(attempt.id(), truth, now,
                            now.plus(settings.minAge())));
                }
                return false;
            }
            ProcessorPayment canceled = processor.cancel(truth.id(), attempt.id() + ":abandon");
            if (canceled.status() != PaymentStatus.CANCELED) {
                return false;
            }
            return settle(attempt, new ProcessorPayment(canceled.id(), canceled.status(), canceled.amount(),
                    canceled.currency(), canceled.amountCaptured(), canceled.amountRefunded(), null,
                    PaymentFailure.ACTION_ABANDONED, "the customer did not complete the required action in time"));
        }
        if (!truth.status().settled()) {
            return false;
        }
        return settle(attempt, truth);
    }

    private boolean settle(PaymentAttempt attempt, ProcessorPayment truth) {
        Boolean settled = transactions.execute(status -> {
            Instant now = clock.instant();
            if (!attempts.settle(attempt.id(), truth, now)) {
                return false;
            }
            events.publishEvent(new PaymentReconciled(attempt.id(), attempt.adapter(), truth.id(), truth.status(),
                    attempt.amount(), attempt.currency(), truth.failureCode(), now));
            return true;
        });
        if (Boolean.TRUE.equals(settled)) {
            log.info("payment {} reconciled with {}: {}", attempt.id(), attempt.adapter(), truth.status().code());
        }
        return Boolean.TRUE.equals(settled);
    }
}
