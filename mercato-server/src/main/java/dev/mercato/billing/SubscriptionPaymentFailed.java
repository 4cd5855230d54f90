package dev.mercato.billing;

import java.time.Instant;

/** Published when a period's payment failed and the subscription is past due; dunning (retries and emails) starts from this event. */
public record SubscriptionPaymentFailed(String subscriptionId, String userId, String planId, String currency, long amount, String failureCode, int attempt, Instant at) {
}
