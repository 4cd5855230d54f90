package dev.mercato.billing;

import java.time.Instant;

/** Published when a paused subscription is active again. */
public record SubscriptionResumed(String subscriptionId, String userId, String planId, long amountCharged, Instant at) {
}
