package dev.mercato.billing;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators grant one user more (or less) of a feature than their plan does — a larger quota for a
 * pilot, a feature switched on for a partner — until an optional expiry. Each change drops the
 * user's cached entitlements in its transaction.
 */
@Service
public class EntitlementOverrideManagement {

    /** An override as operators see it. */
    public record UserOverride(String userId, String feature, Feature spec, Instant expiresAt, String note) {
    }

    private final EntitlementOverrides overrides;
    private final Plans plans;
    private final BillingCache cache;
    private final AuditLog audit;
    private final Clock clock;

    EntitlementOverrideManagement(EntitlementOverrides overrides, Plans plans, BillingCache cache, AuditLog audit,
            Clock clock) {
        this.overrides = overrides;
        this.plans = plans;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
    }

    public List<UserOverride> of(Caller caller, String userId) {
        caller.requireAdmin();
        return overrides.of(userId).stream().map(o -> new UserOverride(userId, o.feature(), o.spec(), o.expiresAt(), o.note()))
                .toList();
    }

    @Transactional
    public UserOverride put(Caller caller, String userId, String feature, Feature spec, Instant expiresAt, String note) {
        caller.requireAdmin();
        if (feature == null || !Entitlements.FEATURE.matcher(feature).matches()) {
            throw ApiException.invalid("invalid_feature", "feature names are 1-64 characters of a-z, 0-9, _ and .");
        }
        if (spec == null) {
            throw ApiException.invalid("invalid_feature", "an override needs a type: boolean, limit, quota or value");
        }
        spec.validated(feature);
        if (spec.overage() != null) {
            throw ApiException.invalid("invalid_feature", "an override has no overage price: overage is billed from the plan");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.invalid("invalid_expires_at", "expires_at must be in the future");
        }
        if (note != null && note.length() > 500) {
            throw ApiException.invalid("invalid_note", "note is at most 500 characters");
        }
        var before = overrides.of(userId).stream().filter(o -> o.feature().equals(feature)).findFirst().orElse(null);
        EntitlementOverrides.Override o = new EntitlementOverrides.Override(feature, spec, expiresAt, note);
        overrides.put(userId, o, now);
        cache.userChanged(userId);
        audit.changed("entitlement_override", userId + "/" + feature, before, o);
        return new UserOverride(userId, feature, spec, expiresAt, note);
    }

    @Transactional
    public void remove(Caller caller, String userId, String feature) {
        caller.requireAdmin();
        var before = overrides.of(userId).stream().filter(o -> o.feature().equals(feature)).findFirst()
                .orElseThrow(() -> ApiException.notFound("override_not_found", "user " + userId + " has no override of " + feature));
        overrides.remove(userId, feature);
        cache.userChanged(userId);
        audit.changed("entitlement_override", userId + "/" + feature, before, null);
    }

    /** The user's override of a feature that is in force now, if any. */
    public Optional<UserOverride> current(String userId, String feature) {
        Instant now = clock.instant();
        return overrides.of(userId).stream().filter(o -> o.feature().equals(feature))
                .filter(o -> o.expiresAt() == null || o.expiresAt().isAfter(now))
                .map(o -> new UserOverride(userId, o.feature(), o.spec(), o.expiresAt(), o.note())).findFirst();
    }

    /**
     * Another module grants a user a feature until {@code expiresAt} (null: for good) — a benefit
     * bought with reward tokens — in the caller's transaction. It never shortens what the user has:
     * an override of the feature already in force for good or beyond {@code expiresAt} stands, and
     * is returned unchanged.
     */
    @Transactional
    public UserOverride grant(String userId, String feature, Feature spec, Instant expiresAt, String note) {
        if (feature == null || !Entitlements.FEATURE.matcher(feature).matches()) {
            throw ApiException.invalid("invalid_feature", "feature names are 1-64 characters of a-z, 0-9, _ and .");
        }
        spec.validated(feature);
        Optional<UserOverride> running = current(userId, feature);
        if (running.isPresent() && (running.get().expiresAt() == null
                || (expiresAt != null && !running.get().expiresAt().isBefore(expiresAt)))) {
            return running.get();
        }
        var before = overrides.of(userId).stream().filter(o -> o.feature().equals(feature)).findFirst().orElse(null);
        EntitlementOverrides.Override o = new EntitlementOverrides.Override(feature, spec, expiresAt, note);
        overrides.put(userId, o, clock.instant());
        cache.userChanged(userId);
        audit.changed("entitlement_override", userId + "/" + feature, before, o);
        return new UserOverride(userId, feature, spec, expiresAt, note);
    }

    /**
     * {@link #grant} of a plan feature as the highest-tier active plan that has it grants it (on, its
     * limit, its quota).
     *
     * @throws ApiException 404 {@code unknown_feature} when no active plan has the feature
     */
    @Transactional
    public UserOverride grantPlanFeature(String userId, String feature, Instant expiresAt, String note) {
        return grant(userId, feature, planFeature(feature), expiresAt, note);
    }

    /** The feature as the highest-tier active plan that has it grants it. */
    public Feature planFeature(String feature) {
        return plans.all().stream().filter(Plan::active).filter(p -> p.features().containsKey(feature))
                .max(Comparator.comparingInt(Plan::tier)).map(p -> p.features().get(feature))
                .orElseThrow(() -> ApiException.notFound("unknown_feature", "no active plan has a feature '" + feature + "'"));
    }
}
