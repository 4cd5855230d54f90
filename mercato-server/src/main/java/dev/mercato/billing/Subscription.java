package dev.mercato.billing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's subscription to a plan ({@code sub_…}). The current period {@code [currentPeriodStart,
 * currentPeriodEnd)} is what was paid for (during a trial: the trial); periods are counted from
 * {@code billingAnchor} so they never drift. {@code version} grows with every change, so a change
 * prepared outside a transaction (a payment) applies only to the state it was priced on.
 */
public record Subscription(String id, String userId, String planId, String currency, BillingInterval interval, long price,
        SubscriptionStatus status, String paymentMethod, Instant billingAnchor, Instant currentPeriodStart,
        Instant currentPeriodEnd, Instant trialEnd, boolean cancelAtPeriodEnd, Instant canceledAt, Instant endedAt,
        Instant pausedAt, int failedPayments, String failureCode, int version, Instant createdAt, Instant updatedAt) {

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("plan_id", planId);
        state.put("status", status.code());
        state.put("interval", interval.code());
        state.put("currency", currency);
        state.put("price", price);
        state.put("current_period_start", currentPeriodStart);
        state.put("current_period_end", currentPeriodEnd);
        state.put("cancel_at_period_end", cancelAtPeriodEnd);
        state.put("failed_payments", failedPayments);
        return state;
    }
}
