package dev.mercato.billing;

import java.time.Instant;

/** Published when a subscription was paused; it keeps its plan until the paid period ends and is not renewed. */
public record SubscriptionPaused(String subscriptionId, String userId, String planId, Instant accessUntil, Instant at) {
}
