package dev.mercato.billing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a user's entitlements are computed from, as cached: the plan their subscription grants, until
 * when (null: for as long as it stays trialing or active), the add-ons on it (id → quantity, granted
 * as long as the plan is) and their overrides. Entitlements are
 * evaluated from it against the clock at every read, so a cached basis never outlives a paid period.
 */
record EntitlementBasis(String subscriptionId, String planId, Instant accessUntil, Map<String, Integer> addOns,
        List<EntitlementOverrides.Override> overrides) {
}
