package dev.mercato.billing;

import java.time.Instant;

/** Published when a cancellation was requested: it ended now, or it ends at the period end. */
public record SubscriptionCanceled(String subscriptionId, String userId, String planId, boolean immediately, Instant endsAt, Instant at) {
}
