package dev.mercato.orders;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the rule for an order line: the most specific match wins — listing, then seller, then
 * the seller's tier (an enterprise instructor), then category, then kind, then the platform default. Within one scope a rule narrowed to the line's
 * kind beats one that is not.
 */
public final class CommissionPolicy {

    private final List<CommissionRule> rules;

    public CommissionPolicy(List<CommissionRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** What an order line is, for choosing its rule; {@code sellerTier} is null for a seller without one. */
    public record Line(String listingId, String sellerId, String sellerTier, String categoryId, String kind) {

        public Line(String listingId, String sellerId, String categoryId, String kind) {
            this(listingId, sellerId, null, categoryId, kind);
        }
    }

    public CommissionRule ruleFor(Line line) {
        return rules.stream()
                .filter(rule -> matches(rule, line))
                .min(Comparator.comparing(CommissionRule::scope).thenComparing(rule -> rule.kind() == null))
                .orElseThrow(() -> new IllegalStateException("no commission rule applies and there is no platform default"));
    }

    public Optional<CommissionRule> platformDefault() {
        return rules.stream().filter(r -> r.scope() == CommissionRule.Scope.PLATFORM && r.kind() == null).findFirst();
    }

    private static boolean matches(CommissionRule rule, Line line) {
        if (rule.kind() != null && !rule.kind().equals(line.kind())) {
            return false;
        }
        return switch (rule.scope()) {
            case LISTING -> rule.subject().equals(line.listingId());
            case SELLER -> rule.subject().equals(line.sellerId());
            case TIER -> rule.subject().equals(line.sellerTier());
            case CATEGORY -> rule.subject().equals(line.categoryId());
            case KIND -> rule.subject().equals(line.kind());
            case PLATFORM -> true;
        };
    }
}
