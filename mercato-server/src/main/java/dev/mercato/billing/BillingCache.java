package dev.mercato.billing;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.ReadCache;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The read cache behind entitlement checks: plans and add-ons by id, each user's
 * {@link EntitlementBasis} and each quota counter's units used in a period. Every change that affects
 * them — a subscription change, an add-on bought or removed, an override, a plan edit, a consume,
 * ingested usage — declares it with {@link #planChanged}, {@link #userChanged} or
 * {@link #usageChanged} inside its own transaction, so a check never answers from a state older
 * than the last committed change. Consuming never reads the cache: it stays exact in the database.
 */
@Component
class BillingCache {

    private static final ReadCache.Region<Plan> PLANS = new ReadCache.Region<>("billing.plans", Plan.class);
    private static final ReadCache.Region<AddOn> ADD_ONS = new ReadCache.Region<>("billing.add_ons", AddOn.class);
    private static final ReadCache.Region<EntitlementBasis> BASES =
            new ReadCache.Region<>("billing.entitlements", EntitlementBasis.class);
    private static final ReadCache.Region<UsedUnits> USAGE = new ReadCache.Region<>("billing.usage", UsedUnits.class);

    /** A quota counter's units used in one period (0 before the first). */
    record UsedUnits(long used) {
    }

    private final ReadCache cache;
    private final Plans plans;
    private final Subscriptions subscriptions;
    private final Usage usage;
    private final EntitlementOverrides overrides;
    private final AddOns addOns;
    private final Duration pastDueGrace;

    BillingCache(ReadCache cache, Plans plans, Subscriptions subscriptions, EntitlementOverrides overrides, AddOns addOns,
            Usage usage, @Value("${mercato.billing.past-due-grace:P7D}") Duration pastDueGrace) {
        this.addOns = addOns;
        this.usage = usage;
        this.cache = cache;
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.overrides = overrides;
        this.pastDueGrace = pastDueGrace;
    }

    Plan plan(String id) {
        return cache.read(PLANS, id, () -> plans.find(id))
                .orElseThrow(() -> ApiException.invalid("unknown_plan", "no plan " + id));
    }

    Optional<Plan> findPlan(String id) {
        return cache.read(PLANS, id, () -> plans.find(id));
    }

    Optional<AddOn> findAddOn(String id) {
        return cache.read(ADD_ONS, id, () -> addOns.find(id));
    }

    EntitlementBasis basis(String userId) {
        return cache.read(BASES, userId, () -> Optional.of(load(userId))).orElseThrow();
    }

    /** Units of {@code feature} the user has used in the period starting at {@code periodStart}. */
    long used(String userId, String feature, Instant periodStart) {
        return cache.read(USAGE, usageKey(userId, feature, periodStart),
                () -> Optional.of(new UsedUnits(usage.used(userId, feature, periodStart)))).orElseThrow().used();
    }

    /** Declares, inside the changing transaction, that a quota counter changes. */
    void usageChanged(String userId, String feature, Instant periodStart) {
        cache.invalidate(USAGE, usageKey(userId, feature, periodStart));
    }

    private static String usageKey(String userId, String feature, Instant periodStart) {
        return userId + "/" + feature + "/" + periodStart.getEpochSecond();
    }

    void planChanged(String planId) {
        cache.invalidate(PLANS, planId);
    }

    void userChanged(String userId) {
        cache.invalidate(BASES, userId);
    }

    /**
     * Trialing and active subscriptions grant their plan; a paused one until its paid period ends;
     * a past-due one for a grace period after the unpaid period began (while dunning runs);
     * anything else, or no subscription, grants Free.
     */
    private EntitlementBasis load(String userId) {
        List<EntitlementOverrides.Override> mine = overrides.of(userId);
        return subscriptions.live(userId).map(s -> {
            Map<String, Integer> bought = new LinkedHashMap<>();
            addOns.of(s.id()).forEach(a -> bought.put(a.addOnId(), a.quantity()));
            return switch (s.status()) {
                case TRIALING, ACTIVE -> new EntitlementBasis(s.id(), s.planId(), null, bought, mine);
                case PAUSED -> new EntitlementBasis(s.id(), s.planId(), s.currentPeriodEnd(), bought, mine);
                case PAST_DUE -> new EntitlementBasis(s.id(), s.planId(), s.currentPeriodStart().plus(pastDueGrace), bought,
                        mine);
                case CANCELED -> new EntitlementBasis(null, Plan.FREE, null, Map.of(), mine);
            };
        }).orElseGet(() -> new EntitlementBasis(null, Plan.FREE, null, Map.of(), mine));
    }
}
