package dev.mercato.billing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An extra a subscriber buys on top of their plan ({@code addon_…}), priced per period like plans
 * and bought in a quantity up to {@code maxQuantity}. Its {@code features} add to the plan's: a
 * {@code limit} or {@code quota} adds its limit per unit bought, a {@code boolean} switches the
 * feature on, a {@code value} replaces the plan's.
 */
public record AddOn(String id, String name, String description, List<Plan.Price> prices, Map<String, Feature> features,
        int maxQuantity, boolean active, Instant createdAt, Instant updatedAt) {

    public Optional<Plan.Price> price(String currency, BillingInterval interval) {
        return prices.stream().filter(p -> p.currency().equals(currency) && p.interval().equals(interval.code()))
                .findFirst();
    }

    public Map<String, Object> auditState() {
        return Map.of("name", name, "prices", prices, "features", features, "max_quantity", maxQuantity, "active", active);
    }
}
