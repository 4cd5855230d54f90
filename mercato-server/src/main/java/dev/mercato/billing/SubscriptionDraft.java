package dev.mercato.billing;

import java.time.Instant;

/** A subscription being changed: copy, set what changes, build (one version later). */
final class SubscriptionDraft {

    private final Subscription from;
    String planId;
    BillingInterval interval;
    long price;
    SubscriptionStatus status;
    String paymentMethod;
    Instant billingAnchor;
    Instant currentPeriodStart;
    Instant currentPeriodEnd;
    Instant trialEnd;
    boolean cancelAtPeriodEnd;
    Instant canceledAt;
    Instant endedAt;
    Instant pausedAt;
    int failedPayments;
    String failureCode;

    private SubscriptionDraft(Subscription s) {
        from = s;
        planId = s.planId();
        interval = s.interval();
        price = s.price();
        status = s.status();
        paymentMethod = s.paymentMethod();
        billingAnchor = s.billingAnchor();
        currentPeriodStart = s.currentPeriodStart();
        currentPeriodEnd = s.currentPeriodEnd();
        trialEnd = s.trialEnd();
        cancelAtPeriodEnd = s.cancelAtPeriodEnd();
        canceledAt = s.canceledAt();
        endedAt = s.endedAt();
        pausedAt = s.pausedAt();
        failedPayments = s.failedPayments();
        failureCode = s.failureCode();
    }

    static SubscriptionDraft of(Subscription s) {
        return new SubscriptionDraft(s);
    }

    SubscriptionDraft period(Instant anchor, Instant start, Instant end) {
        billingAnchor = anchor;
        currentPeriodStart = start;
        currentPeriodEnd = end;
        return this;
    }

    Subscription build(Instant at) {
        return new Subscription(from.id(), from.userId(), planId, from.currency(), interval, price, status, paymentMethod,
                billingAnchor, currentPeriodStart, currentPeriodEnd, trialEnd, cancelAtPeriodEnd, canceledAt, endedAt,
                pausedAt, failedPayments, failureCode, from.version() + 1, from.createdAt(), at);
    }
}
