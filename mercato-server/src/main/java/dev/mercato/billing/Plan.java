package dev.mercato.billing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan customers subscribe to ({@code plan_…}): prices per currency and interval, trial days, and
 * the features it grants. {@code tier} orders plans from the smallest (Free) up, for upgrade hints.
 */
public record Plan(String id, String name, String description, int tier, int trialDays, List<Price> prices,
        Map<String, Feature> features, boolean active, Instant createdAt, Instant updatedAt) {

    public static final String FREE = "plan_free";

    /** A price in minor units of {@code currency} per {@code interval} ({@code month} or {@code year}). */
    public record Price(String currency, String interval, long amount) {
    }

    public Optional<Price> price(String currency, BillingInterval interval) {
        return prices.stream().filter(p -> p.currency().equals(currency) && p.interval().equals(interval.code()))
                .findFirst();
    }

    /** The plan's state as the audit trail records it. */
    public Map<String, Object> auditState() {
        return Map.of("name", name, "tier", tier, "trial_days", trialDays, "prices", prices, "features", features,
                "active", active);
    }
}
