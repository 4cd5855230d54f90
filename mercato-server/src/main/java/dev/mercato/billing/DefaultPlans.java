package dev.mercato.billing;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The plans a fresh installation ships with — Free, Pro and Enterprise, the learning platform's
 * tiers — created when missing, never overwritten: an operator's edits stay. Every plan lists
 * every feature, so a check on any of them answers from the plan instead of guessing.
 */
@Component
class DefaultPlans implements SmartInitializingSingleton {

    private final Plans plans;
    private final Clock clock;

    DefaultPlans(Plans plans, Clock clock) {
        this.plans = plans;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        all(clock.instant()).forEach(plans::insert);
    }

    static List<Plan> all(Instant now) {
        return List.of(
                new Plan(Plan.FREE, "Free", "Try the platform: one run a day, a few listings, community support.", 0, 0,
                        prices(0, 0), features(Tier.FREE), true, now, now),
                new Plan("plan_pro", "Pro", "For creators and small teams: analytics, exports, 100 runs a day.", 1, 14,
                        prices(9_99, 99_90), features(Tier.PRO), true, now, now),
                new Plan("plan_enterprise", "Enterprise",
                        "For organizations: unlimited runs, SSO, white-label, priority support with a 4-hour SLA.", 2, 30,
                        prices(99_00, 990_00), features(Tier.ENTERPRISE), true, now, now));
    }

    private enum Tier {
        FREE, PRO, ENTERPRISE
    }

    /** Monthly and yearly prices, the same amounts in USD and EUR. */
    static List<Plan.Price> prices(long monthly, long yearly) {
        return List.of(new Plan.Price("USD", "month", monthly), new Plan.Price("USD", "year", yearly),
                new Plan.Price("EUR", "month", monthly), new Plan.Price("EUR", "year", yearly));
    }

    /** The feature matrix: one row per feature, one value per tier (Free, Pro, Enterprise). */
    private static Map<String, Feature> features(Tier tier) {
        Map<String, Feature> f = new LinkedHashMap<>();
        f.put("listings", pick(tier, Feature.limit(3L), Feature.limit(100L), Feature.limit(null)));
        f.put("courses", pick(tier, Feature.limit(1L), Feature.limit(25L), Feature.limit(null)));
        f.put("seats", pick(tier, Feature.limit(1L), Feature.limit(5L), Feature.limit(250L)));
        f.put("storage_gb", pick(tier, Feature.limit(1L), Feature.limit(100L), Feature.limit(2_000L)));
        f.put("max_upload_mb", pick(tier, Feature.limit(25L), Feature.limit(500L), Feature.limit(5_000L)));
        f.put("workflow_runs", pick(tier, Feature.quota(1L, "day"), Feature.quota(100L, "day"), Feature.quota(null, "day")));
        f.put("api_calls", pick(tier, Feature.quota(1_000L, "month"), Feature.quota(100_000L, "month"),
                Feature.quota(5_000_000L, "month")));
        f.put("ai_verifications", pick(tier, Feature.quota(10L, "month"), Feature.quota(1_000L, "month"),
                Feature.quota(50_000L, "month")));
        f.put("api_access", pick(tier, Feature.off(), Feature.on(), Feature.on()));
        f.put("api_rate_class", pick(tier, Feature.value("basic"), Feature.value("standard"), Feature.value("premium")));
        f.put("analytics", pick(tier, Feature.on(), Feature.on(), Feature.on()));
        f.put("advanced_analytics", pick(tier, Feature.off(), Feature.on(), Feature.on()));
        f.put("data_export", pick(tier, Feature.off(), Feature.on(), Feature.on()));
        f.put("webhooks", pick(tier, Feature.off(), Feature.on(), Feature.on()));
        f.put("custom_domain", pick(tier, Feature.off(), Feature.on(), Feature.on()));
        f.put("custom_branding", pick(tier, Feature.off(), Feature.on(), Feature.on()));
        f.put("remove_platform_branding", pick(tier, Feature.off(), Feature.off(), Feature.on()));
        f.put("white_label", pick(tier, Feature.off(), Feature.off(), Feature.on()));
        f.put("certificates", pick(tier, Feature.off(), Feature.on(), Feature.on()));
        f.put("team_management", pick(tier, Feature.off(), Feature.on(), Feature.on()));
        f.put("sso", pick(tier, Feature.off(), Feature.off(), Feature.on()));
        f.put("audit_log_export", pick(tier, Feature.off(), Feature.off(), Feature.on()));
        f.put("priority_support", pick(tier, Feature.off(), Feature.off(), Feature.on()));
        f.put("support_response_hours", pick(tier, Feature.value("72"), Feature.value("24"), Feature.value("4")));
        f.put("instructor_share_bp", pick(tier, Feature.value("7000"), Feature.value("7000"), Feature.value("7500")));
        f.put("license_keys", pick(tier, Feature.limit(0L), Feature.limit(10L), Feature.limit(null)));
        return f;
    }

    private static Feature pick(Tier tier, Feature free, Feature pro, Feature enterprise) {
        return switch (tier) {
            case FREE -> free;
            case PRO -> pro;
            case ENTERPRISE -> enterprise;
        };
    }
}
