package dev.mercato.billing;

import java.time.Instant;

/**
 * Published when dunning gave up on a past-due period after its last retry failed: the subscription
 * was canceled ({@code action} {@code canceled}) or moved to the Free plan ({@code moved_to_free}).
 */
public record SubscriptionPaymentAbandoned(String subscriptionId, String userId, String planId, String currency, long amount,
        String action, int failedPayments, Instant at) {
}
