package dev.mercato.billing;

import java.time.Instant;

/** Published when a new period was paid: a renewal, the first period after a trial, or a past-due period paid after all. */
public record SubscriptionRenewed(String subscriptionId, String userId, String planId, String currency, long amount, Instant periodStart, Instant periodEnd, Instant at) {
}
