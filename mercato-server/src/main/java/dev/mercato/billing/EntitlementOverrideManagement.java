package dev.mercato.billing;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
    private final BillingCache cache;
    private final AuditLog audit;
    private final Clock clock;

    EntitlementOverrideManagement(EntitlementOverrides overrides, BillingCache cache, AuditLog audit, Clock clock) {
        this.overrides = overrides;
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
}
