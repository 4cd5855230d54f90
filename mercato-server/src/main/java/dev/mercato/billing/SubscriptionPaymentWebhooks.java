package dev.mercato.billing;

import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.orders.MarketplaceAccounts;
import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventReceived;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What billing makes of processor webhooks about subscription payments (payments whose metadata
 * names a {@code subscription_id}); the payments module has verified the signature and stored
 * each event once. Each effect is also keyed by the payment, so a second event saying the same
 * thing (Stripe sends several) changes nothing:
 * <ul>
 * <li><b>payment succeeded</b>: a recorded payment is confirmed once ({@link SubscriptionPaymentConfirmed},
 * the confirmation email); a captured one nobody recorded is recorded or refunded through
 * {@link UnrecordedPayments} once its own request had its time (until then the event fails and the
 * outbox delivers it again);</li>
 * <li><b>payment failed</b>: a renewal whose payment had no answer is renewed now, so the refusal
 * makes it past due and starts dunning; a payment that failed after it was recorded is reversed;</li>
 * <li><b>refund succeeded</b> (made at the processor) and <b>dispute lost</b> of a recorded payment:
 * reversed — the money back out of subscription revenue in the ledger, and when it paid the
 * current period (a start, renewal or resumption; not a proration), that period past due with
 * dunning started (once per period: a period already past due is not failed twice).</li>
 * </ul>
 * Like {@code PaymentWebhooks}, it runs after the intake committed, outside any transaction, since
 * a refund or a renewal asks the processor; its own writes are short transactions.
 */
@Component
class SubscriptionPaymentWebhooks {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionPaymentWebhooks.class);

    private final PaymentManagement payments;
    private final UnrecordedPayments unrecorded;
    private final SubscriptionManagement management;
    private final Subscriptions subscriptions;
    private final PaymentFollowUps followUps;
    private final Ledger ledger;
    private final Accounts accounts;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Clock clock;

    SubscriptionPaymentWebhooks(PaymentManagement payments, UnrecordedPayments unrecorded, SubscriptionManagement management,
            Subscriptions subscriptions, PaymentFollowUps followUps, Ledger ledger, Accounts accounts,
            TransactionTemplate transactions, ApplicationEventPublisher events, MeterRegistry meters, Clock clock) {
        this.payments = payments;
        this.unrecorded = unrecorded;
        this.management = management;
        this.subscriptions = subscriptions;
        this.followUps = followUps;
        this.ledger = ledger;
        this.accounts = accounts;
        this.transactions = transactions;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
    }

    @Async
    @TransactionalEventListener
    void on(ProcessorEventReceived received) {
        ProcessorEvent event = received.event();
        switch (event.type()) {
            case PAYMENT_SUCCEEDED -> subscriptionPayment(received).ifPresent(this::succeeded);
            case PAYMENT_FAILED -> subscriptionPayment(received).ifPresent(attempt -> failed(attempt, event));
            case REFUND_SUCCEEDED -> subscriptionPayment(received).ifPresent(attempt -> reversed(attempt, event, "refunded"));
            case DISPUTE_LOST -> subscriptionPayment(received).ifPresent(attempt -> reversed(attempt, event, "dispute_lost"));
            default -> {
            }
        }
    }

    private Optional<PaymentAttempt> subscriptionPayment(ProcessorEventReceived received) {
        return payments.findByProcessorPayment(received.adapter(), received.event().paymentId())
                .filter(attempt -> attempt.metadata().containsKey("subscription_id"));
    }

    private void succeeded(PaymentAttempt attempt) {
        if (!subscriptions.charged(attempt.id())) {
            if (attempt.status() != PaymentStatus.CAPTURED) {
                return;
            }
            if (!unrecorded.oldEnough(attempt)) {
                throw new IllegalStateException("payment " + attempt.id() + " is captured but not recorded yet, and its"
                        + " request may still record it; the outbox delivers this event again");
            }
            if (unrecorded.settle(attempt) != UnrecordedPayments.Outcome.RECORDED) {
                return;
            }
        }
        transactions.executeWithoutResult(status -> {
            PaymentFollowUps.Charge charge = followUps.chargeOf(attempt.id()).orElseThrow();
            if (!followUps.confirm(attempt.id(), charge.subscriptionId(), clock.instant())) {
                return;
            }
            Optional<PaymentFollowUps.Invoiced> invoice = followUps.invoiceOf(attempt.id());
            events.publishEvent(new SubscriptionPaymentConfirmed(charge.subscriptionId(), charge.userId(), charge.planId(),
                    charge.currency(), charge.amount(), attempt.id(), invoice.map(PaymentFollowUps.Invoiced::id).orElse(null),
                    invoice.map(PaymentFollowUps.Invoiced::number).orElse(null), charge.periodStart(), charge.periodEnd(),
                    clock.instant()));
        });
    }

    private void failed(PaymentAttempt attempt, ProcessorEvent event) {
        if (subscriptions.charged(attempt.id())) {
            reversed(attempt, event, event.failureCode() == null ? "payment_failed" : event.failureCode());
            return;
        }
        UnrecordedPayments.Key key = UnrecordedPayments.Key.parse(attempt.idempotencyKey());
        String subscriptionId = attempt.metadata().get("subscription_id");
        if (key.periodStart() != null && key.failures() == 0) {
            // The renewal asks again under its key: the processor's refusal makes the period past due now.
            management.renew(subscriptionId);
        }
    }

    /** Takes a recorded payment's money back out of subscription revenue and fails its period, once per reporting object. */
    private void reversed(PaymentAttempt attempt, ProcessorEvent event, String reason) {
        String source = event.type().code() + ":" + (event.objectId() == null ? event.id() : event.objectId());
        transactions.executeWithoutResult(status -> {
            Optional<PaymentFollowUps.Charge> found = followUps.chargeOf(attempt.id());
            if (found.isEmpty()) {
                return;
            }
            PaymentFollowUps.Charge charge = found.get();
            subscriptions.lock(charge.subscriptionId());
            if (followUps.reversalExists(attempt.id(), source)) {
                return;
            }
            long left = charge.paidByCard() - followUps.reversed(attempt.id());
            long amount = Math.min(event.amount() > 0 ? event.amount() : left, left);
            long fee = reason.equals("dispute_lost") ? Math.max(event.fee(), 0) : 0;
            Instant now = clock.instant();
            String txn = null;
            if (amount + fee > 0) {
                String currency = charge.currency();
                txn = ledger.post(new TransactionRequest("billing:reversal:" + attempt.id() + ":" + source,
                        "subscription.reversal", List.of(
                        Entry.debit(accounts.idOf(BillingLedger.subscriptionRevenue(currency)), amount + fee, currency),
                        Entry.credit(accounts.idOf(MarketplaceAccounts.clearing(currency)), amount + fee, currency)),
                        null, charge.subscriptionId(), Map.of("user_id", charge.userId(), "payment_id", attempt.id(),
                        "reason", reason))).id().value();
            }
            UnrecordedPayments.Key key = UnrecordedPayments.Key.parse(attempt.idempotencyKey());
            boolean dunning = amount > 0 && charge.paidAPeriod() && management.paymentReversed(charge.subscriptionId(), charge.periodStart(), amount,
                    reason, key.periodStart() == null ? 0 : key.failures() + 1);
            followUps.reversal(attempt.id(), source, charge, amount, reason, txn, dunning, now);
            Counter.builder("billing.payment_reversals")
                    .description("recorded subscription payments whose money left again, by reason")
                    .tag("reason", reason).register(meters).increment();
            log.warn("payment {} for subscription {}: {} {} minor units {} after it was recorded; {}", attempt.id(),
                    charge.subscriptionId(), amount, charge.currency(), reason,
                    dunning ? "its period is past due and dunning started" : "the subscription keeps its state");
        });
    }
}
