package dev.mercato.billing;

import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.PaymentStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A subscription payment captured at the processor whose subscription change never committed (a
 * crash between the capture and the recording transaction, ADR 0017), settled exactly once: a
 * renewal's payment is recorded when the subscription still waits for it (the past-due period it
 * was for, or the period it renews into); anything else — a start, a plan change or a resumption,
 * whose request is gone, or a renewal nobody waits for any more — is refunded. The decision is
 * written in the transaction that records (or claims for refunding) the payment under the
 * subscription's row lock, so it is taken once; a refund is asked under one key, so a crash
 * before its end asks again without refunding twice. Each settles a metric and a log line.
 */
@Component
class UnrecordedPayments {

    private static final Logger log = LoggerFactory.getLogger(UnrecordedPayments.class);

    enum Outcome {
        RECORDED, REFUNDED, NOTHING
    }

    /**
     * What a subscription payment's key says it paid: {@code billing:<sub>:renew:<period start>:<failures>},
     * {@code billing:<sub>:change:<version>}, {@code billing:<sub>:resume:<version>}, {@code billing:<sub>:start}.
     */
    record Key(String raw, String operation, Integer version, Instant periodStart, int failures) {

        static Key parse(String key) {
            String[] parts = key.split(":");
            String operation = parts.length > 2 ? parts[2] : "";
            try {
                if (operation.equals("renew") && parts.length == 5) {
                    return new Key(key, operation, null, Instant.ofEpochSecond(Long.parseLong(parts[3])),
                            Integer.parseInt(parts[4]));
                }
                if ((operation.equals("change") || operation.equals("resume")) && parts.length == 4) {
                    return new Key(key, operation, Integer.parseInt(parts[3]), null, 0);
                }
            } catch (NumberFormatException e) {
                // not a key billing wrote: nothing to record it as
            }
            return new Key(key, operation, null, null, 0);
        }
    }

    private final PaymentManagement payments;
    private final PaymentProcessors processors;
    private final SubscriptionManagement management;
    private final Subscriptions subscriptions;
    private final PaymentFollowUps followUps;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration minAge;

    UnrecordedPayments(PaymentManagement payments, PaymentProcessors processors, SubscriptionManagement management,
            Subscriptions subscriptions, PaymentFollowUps followUps, TransactionTemplate transactions, Clock clock,
            MeterRegistry meters, @Value("${mercato.billing.payment-janitor.min-age:PT10M}") Duration minAge) {
        this.payments = payments;
        this.processors = processors;
        this.management = management;
        this.subscriptions = subscriptions;
        this.followUps = followUps;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        this.minAge = minAge;
    }

    /** How long a capture is left to the request that made it before it counts as unrecorded. */
    Duration minAge() {
        return minAge;
    }

    /** True once the request that captured the payment has had its time to record it. */
    boolean oldEnough(PaymentAttempt attempt) {
        return !attempt.updatedAt().isAfter(clock.instant().minus(minAge));
    }

    /** Records or refunds a captured subscription payment that no charge recorded; nothing if one did, or it was settled. */
    Outcome settle(PaymentAttempt attempt) {
        String subscriptionId = attempt.metadata().get("subscription_id");
        long left = attempt.amountCaptured() - attempt.amountRefunded();
        if (subscriptionId == null || attempt.status() != PaymentStatus.CAPTURED || left <= 0) {
            return Outcome.NOTHING;
        }
        Optional<String> seen = followUps.unrecordedOutcome(attempt.id());
        if (seen.isPresent() && !seen.get().equals("refunding")) {
            return Outcome.NOTHING;
        }
        Key key = Key.parse(attempt.idempotencyKey());
        if (seen.isEmpty()) {
            Outcome decided = transactions.execute(status -> decide(attempt, subscriptionId, key));
            if (decided != Outcome.REFUNDED) {
                if (decided == Outcome.RECORDED) {
                    settled(attempt, subscriptionId, key, Outcome.RECORDED);
                }
                return decided;
            }
        }
        // A crash after the claim asks again under the same key: the processor refunds once.
        payments.refund(attempt.id(), left, "billing:unrecorded:" + attempt.id() + ":refund");
        transactions.executeWithoutResult(status -> followUps.refunded(attempt.id(), clock.instant()));
        settled(attempt, subscriptionId, key, Outcome.REFUNDED);
        return Outcome.REFUNDED;
    }

    private Outcome decide(PaymentAttempt attempt, String subscriptionId, Key key) {
        Instant now = clock.instant();
        if (key.periodStart() != null && attempt.amountRefunded() == 0) {
            long byCard = attempt.amountCaptured();
            long fee = Math.min(processors.get(attempt.adapter()).fee(byCard, attempt.currency()), byCard);
            if (management.recordCapturedRenewal(subscriptionId, key.periodStart(), attempt.id(), byCard, fee, key.raw())
                    .isPresent()) {
                followUps.claimUnrecorded(attempt.id(), subscriptionId, key.raw(), byCard, attempt.currency(), "recorded", now);
                return Outcome.RECORDED;
            }
        }
        // Under the subscription's lock, a request recording this very payment has committed or waits.
        subscriptions.lock(subscriptionId);
        if (subscriptions.charged(attempt.id()) || !followUps.claimUnrecorded(attempt.id(), subscriptionId, key.raw(),
                attempt.amountCaptured() - attempt.amountRefunded(), attempt.currency(), "refunding", now)) {
            return Outcome.NOTHING;
        }
        if (key.version() != null) {
            management.supersede(subscriptionId, key.version());
        }
        return Outcome.REFUNDED;
    }

    private void settled(PaymentAttempt attempt, String subscriptionId, Key key, Outcome outcome) {
        String what = outcome.name().toLowerCase();
        Counter.builder("billing.unrecorded_payments")
                .description("subscription payments captured without their subscription change, by what became of them")
                .tag("outcome", what).register(meters).increment();
        log.warn("payment {} ({} {} minor units, {}) for subscription {} was captured but its change never committed; {} it",
                attempt.id(), attempt.amountCaptured() - attempt.amountRefunded(), attempt.currency(), key.operation(),
                subscriptionId, what);
    }
}
