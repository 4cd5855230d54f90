package dev.mercato.billing;

import java.time.Instant;

/**
 * Published when a period's payment failed and the subscription is past due. {@code nextAttemptAt}
 * is when dunning tries the stored card again; null when no retry is left, and then
 * {@code finalActionAt} says when the subscription is canceled or moved to Free ({@code finalAction}:
 * {@code cancel} or {@code free}) unless it is paid first.
 */
public record SubscriptionPaymentFailed(String subscriptionId, String userId, String planId, String currency, long amount,
        String failureCode, int attempt, Instant nextAttemptAt, String finalAction, Instant finalActionAt, Instant at) {
}
