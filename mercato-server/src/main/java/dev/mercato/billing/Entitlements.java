package dev.mercato.billing;

import dev.mercato.credits.CreditDraw;
import dev.mercato.credits.Credits;
import dev.mercato.credits.InsufficientCreditsException;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a user may do, for every module: {@link #check} a feature, {@link #consume} a unit of a
 * metered quota. Computed from the plan of the user's subscription (none: Free), the add-ons on it
 * and the user's overrides, read through the platform's read cache; quota usage is read from its
 * counters. A plan's quota with an overage price is not refused at its limit: the units past it are
 * billed on the renewal invoice.
 */
@Service
public class Entitlements {

    static final Pattern FEATURE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    static final long MAX_QUANTITY = 1_000_000;
    static final Pattern CONSUME_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final BillingCache cache;
    private final Plans plans;
    private final Usage usage;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Credits credits;
    private final Consumes consumes;
    private final BillingProperties properties;
    private final QuotaCommitter quotas;

    Entitlements(BillingCache cache, Plans plans, Usage usage, Clock clock, TransactionTemplate transactions,
            AuditLog audit, Credits credits, Consumes consumes, BillingProperties properties, QuotaCommitter quotas) {
        this.quotas = quotas;
        this.credits = credits;
        this.consumes = consumes;
        this.properties = properties;
        this.cache = cache;
        this.plans = plans;
        this.usage = usage;
        this.clock = clock;
        this.transactions = transactions;
        this.audit = audit;
    }

    /**
     * What {@code userId} may do with {@code feature} now.
     *
     * @throws ApiException 404 {@code unknown_feature} when no plan and no override names it
     */
    public EntitlementCheck check(String userId, String feature) {
        Instant now = clock.instant();
        Effective effective = effective(userId, now);
        return evaluate(userId, feature, effective, now);
    }

    /** True when {@code userId} may use {@code feature} now (on, a limit above zero, quota left). */
    public boolean allows(String userId, String feature) {
        return check(userId, feature).allowed();
    }

    /** Every feature of the user's plan and overrides, in the plan's order. */
    public List<EntitlementCheck> all(String userId) {
        Instant now = clock.instant();
        Effective effective = effective(userId, now);
        List<String> names = new ArrayList<>(effective.features().keySet());
        effective.overrides().keySet().stream().filter(f -> !names.contains(f)).sorted().forEach(names::add);
        return names.stream().map(f -> evaluate(userId, f, effective, now)).toList();
    }

    /** The plan whose features the user has now (Free without a subscription that grants one). */
    public Plan plan(String userId) {
        return effective(userId, clock.instant()).plan();
    }

    /**
     * Consumes {@code quantity} units of a metered quota, atomically: concurrent calls never take
     * more than the quota holds. No credit fallback and no consume id: see the four-argument form.
     *
     * @throws ApiException 402 {@code quota_exceeded} with the limit, when it resets and the plan
     *                      that would allow more; 400 {@code not_metered} for a feature that is not a quota
     */
    public EntitlementCheck consume(String userId, String feature, long quantity) {
        return consume(userId, feature, quantity, null).check();
    }

    /**
     * Consumes {@code quantity} units of a metered quota; once the quota is spent and the feature
     * has a credit price ({@code mercato.billing.credit-prices.<feature>}), draws quantity × price
     * prepaid credits instead (a refused counter update changes nothing, so the draw has a
     * transaction of its own). Outside a transaction the counter is updated by the consume group
     * committer, in a batch with other callers' consumes and this request's audit event, and the call
     * returns once that batch has committed (ADR 0030); inside one, in the caller's transaction.
     * Concurrent calls queue on the counter row, then on the credit wallet, so neither is ever overdrawn.
     *
     * @param consumeId the caller's id of this consume, or null: a retry with the same id answers the
     *                  first outcome ({@link Consumption#replayed()}) and consumes nothing
     * @throws ApiException 402 {@code quota_exceeded} (with the upgrade hint and, for a priced feature,
     *                      the credit balance) when neither quota nor credits are left; 422
     *                      {@code consume_id_reused} for an id used with another feature or quantity
     */
    public Consumption consume(String userId, String feature, long quantity, String consumeId) {
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw ApiException.invalid("invalid_quantity", "quantity must be 1 to " + MAX_QUANTITY);
        }
        if (consumeId != null && !CONSUME_ID.matcher(consumeId).matches()) {
            throw ApiException.invalid("invalid_id", "id is 1-128 characters of A-Z, a-z, 0-9 and _ . : -");
        }
        Instant now = clock.instant();
        Effective effective = effective(userId, now);
        Resolved resolved = resolve(feature, effective);
        if (!Feature.QUOTA.equals(resolved.spec().type())) {
            throw ApiException.invalid("not_metered", "feature '" + feature + "' is a " + resolved.spec().type()
                    + ", not a metered quota; check it with POST /v1/entitlements/check");
        }
        Feature spec = resolved.spec();
        Instant periodStart = spec.periodStart(now);
        Long price = properties.creditPrice(feature);
        if (consumeId != null) {
            Optional<Consumes.Consume> earlier = consumes.find(userId, consumeId);
            if (earlier.isPresent()) {
                return replay(userId, feature, quantity, consumeId, earlier.get());
            }
        }
        QuotaCounting.QuotaOutcome counted = quotas.count(new QuotaCounting.QuotaConsume(userId, feature, periodStart,
                quantity, spec.limit(), spec.overage() == null, consumeId, now, audit.capture()));
        if (counted.earlier() != null) {
            return replay(userId, feature, quantity, consumeId, counted.earlier());
        }
        if (counted.idTaken()) {
            return replay(userId, feature, quantity, consumeId, consumes.find(userId, consumeId).orElseThrow());
        }
        Outcome outcome = counted.counted() ? new Outcome(counted.source(), counted.used(), 0, null, null)
                : drawCredits(userId, feature, quantity, consumeId, price, now);
        if (outcome == null) {
            return replay(userId, feature, quantity, consumeId, consumes.find(userId, consumeId).orElseThrow());
        }
        if (outcome.source() == null) {
            throw exceeded(userId, feature, spec, effective.plan(), quantity, now, price, outcome.creditBalance());
        }
        long used = outcome.used() >= 0 ? outcome.used() : usage.used(userId, feature, periodStart);
        EntitlementCheck check = new EntitlementCheck(feature, spec.type(),
                spec.limit() == null || used < spec.limit() || spec.overage() != null,
                spec.limit(), used, spec.limit() == null ? null : Math.max(0, spec.limit() - used), null, spec.period(),
                spec.periodEnd(now), effective.plan().id(), resolved.source());
        return new Consumption(check, outcome.source(), outcome.credits(), outcome.drawId(), false);
    }

    /**
     * The quota is spent: draws quantity × price credits, with the consume id, in one transaction
     * (the credit draw records its own audit event). A refused quota changed nothing, so the draw
     * needs no part of the counter's transaction.
     *
     * @return the draw's outcome, a refusal (no source) when nothing is priced or left, or null when
     *         a concurrent retry committed the consume id first
     */
    private Outcome drawCredits(String userId, String feature, long quantity, String consumeId, Long price, Instant now) {
        if (price == null) {
            return new Outcome(null, 0, 0, null, null);
        }
        return transactions.execute(status -> {
            String reference = "usage:" + feature + ":" + (consumeId != null ? consumeId : Ids.next("use", clock));
            Outcome done;
            try {
                CreditDraw draw = credits.draw(userId, Math.multiplyExact(quantity, price), reference);
                done = new Outcome(Consumption.CREDITS, -1, draw.units(), draw.id(), null);
            } catch (InsufficientCreditsException e) {
                return new Outcome(null, 0, 0, null, e.available());
            }
            if (consumeId != null && !consumes.insert(userId, consumeId,
                    new Consumes.Consume(feature, quantity, done.source(), done.credits(), done.drawId()), now)) {
                status.setRollbackOnly();
                return null;
            }
            return done;
        });
    }

    private record Outcome(String source, long used, long credits, String drawId, Long creditBalance) {
    }

    private Consumption replay(String userId, String feature, long quantity, String consumeId, Consumes.Consume earlier) {
        if (!earlier.feature().equals(feature) || earlier.quantity() != quantity) {
            throw new ApiException(422, "consume_id_reused", "id " + consumeId + " was already used to consume "
                    + earlier.quantity() + " " + earlier.feature() + ", not " + quantity + " " + feature);
        }
        return new Consumption(check(userId, feature), earlier.source(), earlier.credits(), earlier.drawId(), true);
    }

    /**
     * The metered quota each of {@code features} is for the user at {@code now}, by name.
     *
     * @throws ApiException 404 {@code unknown_feature}, 400 {@code invalid_feature} or {@code not_metered}
     */
    Map<String, Feature> quotas(String userId, java.util.Collection<String> features, Instant now) {
        Effective effective = effective(userId, now);
        Map<String, Feature> specs = new LinkedHashMap<>();
        for (String feature : features) {
            Feature spec = resolve(feature, effective).spec();
            if (!Feature.QUOTA.equals(spec.type())) {
                throw ApiException.invalid("not_metered", "feature '" + feature + "' is a " + spec.type()
                        + ", not a metered quota: only quotas take usage");
            }
            specs.put(feature, spec);
        }
        return specs;
    }

    /** Units of a quota used in its current period. */
    long used(String userId, String feature, Feature spec, Instant now) {
        return usage.used(userId, feature, spec.periodStart(now));
    }

    private ApiException exceeded(String userId, String feature, Feature spec, Plan current, long quantity, Instant now,
            Long creditPrice, Long creditBalance) {
        long used = usage.used(userId, feature, spec.periodStart(now));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("feature", feature);
        details.put("limit", spec.limit());
        details.put("used", used);
        details.put("resets_at", spec.periodEnd(now).toString());
        String credit = "";
        if (creditPrice != null) {
            details.put("credit_price", creditPrice);
            details.put("credit_balance", creditBalance);
            credit = " Your " + creditBalance + " credits do not cover " + Math.multiplyExact(quantity, creditPrice)
                    + " (" + creditPrice + " per unit); top up with POST /v1/credits/top-ups.";
        }
        Optional<Plan> upgrade = plans.all().stream().filter(Plan::active).filter(p -> p.tier() > current.tier())
                .filter(p -> p.features().containsKey(feature) && p.features().get(feature).grantsMoreThan(spec))
                .min(Comparator.comparingInt(Plan::tier));
        String hint = upgrade.map(p -> {
            Long more = p.features().get(feature).limit();
            details.put("upgrade_plan_id", p.id());
            details.put("upgrade_limit", more);
            return " Upgrade to " + p.name() + " for " + (more == null ? "unlimited" : more + " per " + spec.period()) + ".";
        }).orElse("");
        String wanted = quantity == 1 ? "" : " (asked for " + quantity + ")";
        return new ApiException(402, "quota_exceeded", "the " + feature + " quota of " + spec.limit() + " per "
                + spec.period() + " is used up" + wanted + "; it resets at " + spec.periodEnd(now) + "." + credit + hint, details);
    }

    private EntitlementCheck evaluate(String userId, String feature, Effective effective, Instant now) {
        Resolved resolved = resolve(feature, effective);
        Feature spec = resolved.spec();
        String planId = effective.plan().id();
        return switch (spec.type()) {
            case Feature.BOOLEAN -> new EntitlementCheck(feature, spec.type(), Boolean.TRUE.equals(spec.enabled()), null,
                    null, null, null, null, null, planId, resolved.source());
            case Feature.LIMIT -> new EntitlementCheck(feature, spec.type(), spec.limit() == null || spec.limit() > 0,
                    spec.limit(), null, null, null, null, null, planId, resolved.source());
            case Feature.QUOTA -> {
                long used = cache.used(userId, feature, spec.periodStart(now));
                Long remaining = spec.limit() == null ? null : Math.max(0, spec.limit() - used);
                yield new EntitlementCheck(feature, spec.type(), remaining == null || remaining > 0 || spec.overage() != null,
                        spec.limit(), used,
                        remaining, null, spec.period(), spec.periodEnd(now), planId, resolved.source());
            }
            default -> new EntitlementCheck(feature, spec.type(), true, null, null, null, spec.value(), null, null, planId,
                    resolved.source());
        };
    }

    /**
     * The plan, its features with the add-ons' added ({@code fromAddOns}: those an add-on changed), the
     * overrides, and {@code lapsed}: overrides that have expired, whose features are known to the user and now denied.
     */
    private record Effective(Plan plan, Map<String, Feature> features, Set<String> fromAddOns,
            Map<String, Feature> overrides, Map<String, Feature> lapsed) {
    }

    private record Resolved(Feature spec, String source) {
    }

    private Effective effective(String userId, Instant now) {
        EntitlementBasis basis = cache.basis(userId);
        boolean planHolds = basis.accessUntil() == null || now.isBefore(basis.accessUntil());
        Plan plan = cache.plan(planHolds ? basis.planId() : Plan.FREE);
        Map<String, Feature> features = new LinkedHashMap<>(plan.features());
        Set<String> fromAddOns = new HashSet<>();
        if (planHolds && basis.addOns() != null) {
            basis.addOns().forEach((addOnId, quantity) -> cache.findAddOn(addOnId).ifPresent(a -> a.features()
                    .forEach((name, grant) -> {
                        features.put(name, plus(features.get(name), grant, quantity));
                        fromAddOns.add(name);
                    })));
        }
        Map<String, Feature> overrides = new LinkedHashMap<>();
        Map<String, Feature> lapsed = new LinkedHashMap<>();
        for (EntitlementOverrides.Override o : basis.overrides()) {
            (o.expiresAt() == null || now.isBefore(o.expiresAt()) ? overrides : lapsed).put(o.feature(), o.spec());
        }
        return new Effective(plan, features, fromAddOns, overrides, lapsed);
    }

    /** {@code base} (the plan's, or null) with {@code quantity} units of an add-on's {@code grant} added. */
    private static Feature plus(Feature base, Feature grant, int quantity) {
        return switch (grant.type()) {
            case Feature.BOOLEAN -> Boolean.TRUE.equals(grant.enabled()) ? Feature.on() : base;
            case Feature.LIMIT -> {
                long more = Math.multiplyExact(grant.limit(), (long) quantity);
                if (base == null || !Feature.LIMIT.equals(base.type())) {
                    yield Feature.limit(more);
                }
                yield base.limit() == null ? base : Feature.limit(Math.addExact(base.limit(), more));
            }
            case Feature.QUOTA -> {
                long more = Math.multiplyExact(grant.limit(), (long) quantity);
                if (base == null || !Feature.QUOTA.equals(base.type())) {
                    yield Feature.quota(more, grant.period());
                }
                yield base.limit() == null ? base : new Feature(Feature.QUOTA, null, Math.addExact(base.limit(), more),
                        base.period(), null, base.overage());
            }
            default -> grant;
        };
    }

    /** Every feature the user has at {@code now}: plan, add-ons, then overrides over them. */
    Map<String, Feature> features(String userId, Instant now) {
        Effective effective = effective(userId, now);
        Map<String, Feature> all = new LinkedHashMap<>(effective.features());
        all.putAll(effective.overrides());
        return all;
    }

    private Resolved resolve(String feature, Effective effective) {
        if (feature == null || !FEATURE.matcher(feature).matches()) {
            throw ApiException.invalid("invalid_feature", "feature is 1-64 characters of a-z, 0-9, _ and ., starting with a letter");
        }
        Feature override = effective.overrides().get(feature);
        if (override != null) {
            return new Resolved(override, "override");
        }
        Feature granted = effective.features().get(feature);
        if (granted != null) {
            return new Resolved(granted, effective.fromAddOns().contains(feature) ? "add_on" : "plan");
        }
        TreeSet<String> known = new TreeSet<>();
        plans.all().forEach(p -> known.addAll(p.features().keySet()));
        if (!known.contains(feature) && effective.lapsed().containsKey(feature)) {
            // an expired override (a benefit bought for a while): the feature is known, and over
            return new Resolved(denied(effective.lapsed().get(feature)), "override");
        }
        if (!known.contains(feature)) {
            throw ApiException.notFound("unknown_feature", "no plan has a feature '" + feature + "'");
        }
        Feature elsewhere = plans.all().stream().map(p -> p.features().get(feature)).filter(f -> f != null).findFirst()
                .orElseThrow();
        return new Resolved(denied(elsewhere), "plan");
    }

    /** A feature other plans have and this one lacks: off, or a limit of zero. */
    private static Feature denied(Feature like) {
        return switch (like.type()) {
            case Feature.LIMIT -> Feature.limit(0L);
            case Feature.QUOTA -> Feature.quota(0L, like.period());
            default -> Feature.off();
        };
    }
}
