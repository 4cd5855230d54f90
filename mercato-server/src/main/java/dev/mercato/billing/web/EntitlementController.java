package dev.mercato.billing.web;

import dev.mercato.billing.EntitlementOverrideManagement;
import dev.mercato.billing.Entitlements;
import dev.mercato.billing.Feature;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditExempt;
import dev.mercato.platform.Caller;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's entitlements, checks, metered consumption; operators' per-user overrides. */
@RestController
class EntitlementController {

    private final Entitlements entitlements;
    private final EntitlementOverrideManagement overrides;

    EntitlementController(Entitlements entitlements, EntitlementOverrideManagement overrides) {
        this.entitlements = entitlements;
        this.overrides = overrides;
    }

    record CheckBody(String feature) {
    }

    record ConsumeBody(String id, String feature, Long quantity) {
    }

    record OverrideBody(String type, Boolean enabled, Long limit, String period, String value, Instant expiresAt,
            String note) {
    }

    @GetMapping("/v1/entitlements")
    Map<String, Object> mine(Caller caller) {
        return Map.of("object", "list", "plan_id", entitlements.plan(caller.userId()).id(), "data",
                entitlements.all(caller.userId()).stream().map(BillingViews.EntitlementView::of).toList(),
                "has_more", false);
    }

    /** The caller's numeric limits and quotas (a subset of {@code /v1/entitlements}). */
    @GetMapping("/v1/billing/limits")
    Map<String, Object> limits(Caller caller) {
        return list(caller, "limit", "quota");
    }

    /** The caller's metered quotas with what was used this period and when each resets. */
    @GetMapping("/v1/billing/usage")
    Map<String, Object> usage(Caller caller) {
        return list(caller, "quota");
    }

    private Map<String, Object> list(Caller caller, String... types) {
        java.util.List<String> wanted = java.util.List.of(types);
        return Map.of("object", "list", "plan_id", entitlements.plan(caller.userId()).id(), "data",
                entitlements.all(caller.userId()).stream().filter(c -> wanted.contains(c.type()))
                        .map(BillingViews.EntitlementView::of).toList(), "has_more", false);
    }

    @AuditExempt(value = "a question: it computes an answer and changes nothing", question = true)
    @PostMapping("/v1/entitlements/check")
    BillingViews.EntitlementView check(Caller caller, @RequestBody CheckBody body) {
        return BillingViews.EntitlementView.of(entitlements.check(caller.userId(), body.feature()));
    }

    /**
     * Consumes units of a metered quota (default one), then prepaid credits for a feature with a
     * credit price; 402 {@code quota_exceeded} when neither is left.
     */
    @PostMapping("/v1/usage/consume")
    BillingViews.ConsumptionView consume(Caller caller, @RequestBody ConsumeBody body) {
        return BillingViews.ConsumptionView.of(entitlements.consume(caller.userId(), body.feature(),
                body.quantity() == null ? 1 : body.quantity(), body.id()));
    }

    @GetMapping("/v1/users/{userId}/entitlement-overrides")
    Map<String, Object> overrides(Caller caller, @PathVariable String userId) {
        return Map.of("object", "list", "data", overrides.of(caller, userId), "has_more", false);
    }

    @PutMapping("/v1/users/{userId}/entitlement-overrides/{feature}")
    EntitlementOverrideManagement.UserOverride put(Caller caller, @PathVariable String userId,
            @PathVariable String feature, @RequestBody OverrideBody body) {
        if (body == null) {
            throw ApiException.invalid("invalid_feature", "an override needs a type");
        }
        Feature spec = body.type() == null ? null
                : new Feature(body.type(), body.enabled(), body.limit(), body.period(), body.value());
        return overrides.put(caller, userId, feature, spec, body.expiresAt(), body.note());
    }

    @DeleteMapping("/v1/users/{userId}/entitlement-overrides/{feature}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Caller caller, @PathVariable String userId, @PathVariable String feature) {
        overrides.remove(caller, userId, feature);
    }
}
