package dev.mercato.billing;

import java.time.Instant;

/** Published (besides {@link SubscriptionRenewed}) when a past-due period was paid after all: by a dunning retry or a new card. */
public record SubscriptionPaymentRecovered(String subscriptionId, String userId, String planId, String currency, long amount,
        Instant periodStart, Instant periodEnd, Instant at) {
}
