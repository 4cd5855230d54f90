package dev.mercato.billing;

import java.time.Instant;

/** Published when a subscription moved to another plan or interval; credit and charge are the proration (minor units). */
public record SubscriptionChanged(String subscriptionId, String userId, String fromPlanId, String toPlanId, String currency, String interval, long credit, long charge, Instant at) {
}
