package dev.mercato.billing;

import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentManagement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The janitor of ADR 0017's gap: walks the captured subscription payments (keys {@code billing:…})
 * in the order they last changed, once each, as soon as they are older than
 * {@code mercato.billing.payment-janitor.min-age} (the time their own request has to record them),
 * and hands each one no charge recorded to {@link UnrecordedPayments}, which records or refunds it.
 * Where the walk stands is kept in {@code billing_payment_sweeps}; it never passes a payment it
 * could not settle, so that one is tried again on the next run.
 */
@Component
class SubscriptionPaymentJanitor {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionPaymentJanitor.class);
    private static final String SWEEP = "unrecorded-payments";
    private static final int BATCH = 100;

    private final PaymentManagement payments;
    private final UnrecordedPayments unrecorded;
    private final Subscriptions subscriptions;
    private final PaymentFollowUps followUps;
    private final Clock clock;

    SubscriptionPaymentJanitor(PaymentManagement payments, UnrecordedPayments unrecorded, Subscriptions subscriptions,
            PaymentFollowUps followUps, Clock clock) {
        this.payments = payments;
        this.unrecorded = unrecorded;
        this.subscriptions = subscriptions;
        this.followUps = followUps;
        this.clock = clock;
    }

    /** @return how many unrecorded payments it recorded or refunded */
    int run() {
        Instant before = clock.instant().minus(unrecorded.minAge());
        PaymentFollowUps.Cursor cursor = followUps.cursor(SWEEP);
        int settled = 0;
        List<PaymentAttempt> batch;
        do {
            batch = payments.captured("billing:", cursor.afterUpdatedAt(), cursor.afterId(), before, BATCH);
            for (PaymentAttempt attempt : batch) {
                try {
                    if (attempt.metadata().containsKey("subscription_id") && !subscriptions.charged(attempt.id())
                            && unrecorded.settle(attempt) != UnrecordedPayments.Outcome.NOTHING) {
                        settled++;
                    }
                } catch (RuntimeException e) {
                    log.warn("payment {} for subscription {} could not be settled now; the next run tries again",
                            attempt.id(), attempt.metadata().get("subscription_id"), e);
                    followUps.advance(SWEEP, cursor);
                    return settled;
                }
                cursor = new PaymentFollowUps.Cursor(attempt.updatedAt(), attempt.id());
            }
            followUps.advance(SWEEP, cursor);
        } while (batch.size() == BATCH);
        return settled;
    }
}
