package dev.mercato.billing;

import java.time.Instant;

/** Published when a subscription began, on trial or paid for its first period. */
public record SubscriptionStarted(String subscriptionId, String userId, String planId, String status, String currency, String interval, long amountCharged, Instant trialEnd, Instant at) {
}
