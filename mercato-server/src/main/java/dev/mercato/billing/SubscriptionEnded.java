package dev.mercato.billing;

import java.time.Instant;

/** Published when a subscription set to cancel at its period end reached it and is now canceled. */
public record SubscriptionEnded(String subscriptionId, String userId, String planId, Instant at) {
}
