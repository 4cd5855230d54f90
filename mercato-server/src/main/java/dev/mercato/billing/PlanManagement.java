package dev.mercato.billing;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Plans: anyone reads the active ones; operators create and edit them. An edit applies at once to
 * entitlements (the cached plan is dropped in the edit's transaction) and to prices from each
 * subscription's next charge; periods already paid are not re-priced.
 */
@Service
public class PlanManagement {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final long MAX_PRICE = 100_000_000_00L;

    /** What an operator sends to create or edit a plan; null fields of an edit are left as they are. */
    public record PlanInput(String code, String name, String description, Integer tier, Integer trialDays,
            List<Plan.Price> prices, Map<String, Feature> features, Boolean active) {
    }

    private final Plans plans;
    private final BillingCache cache;
    private final AuditLog audit;
    private final Clock clock;

    PlanManagement(Plans plans, BillingCache cache, AuditLog audit, Clock clock) {
        this.plans = plans;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
    }

    /** Active plans, smallest tier first; operators also see inactive ones when they ask. */
    public List<Plan> list(Caller caller, boolean includeInactive) {
        if (includeInactive) {
            caller.requireAdmin();
        }
        return plans.all().stream().filter(p -> includeInactive || p.active()).toList();
    }

    public Plan find(Caller caller, String id) {
        return plans.find(id).filter(p -> p.active() || caller.admin())
                .orElseThrow(() -> ApiException.notFound("plan_not_found", "no plan " + id));
    }

    @Transactional
    public Plan create(Caller caller, PlanInput input) {
        caller.requireAdmin();
        if (input.code() == null || !CODE.matcher(input.code()).matches()) {
            throw ApiException.invalid("invalid_code", "code is 1-40 characters of a-z, 0-9, _ and -; the plan's id is plan_<code>");
        }
        if (input.name() == null || input.name().isBlank() || input.name().length() > 100) {
            throw ApiException.invalid("invalid_name", "name is 1-100 characters");
        }
        Instant now = clock.instant();
        Plan plan = new Plan("plan_" + input.code(), input.name().strip(), input.description(),
                input.tier() == null ? 0 : input.tier(), trialDays(input.trialDays() == null ? 0 : input.trialDays()),
                prices(input.prices()), features(input.features()), input.active() == null || input.active(), now, now);
        if (!plans.insert(plan)) {
            throw new ApiException(409, "plan_exists", "a plan " + plan.id() + " already exists; edit it with PATCH");
        }
        cache.planChanged(plan.id());
        audit.changed("plan", plan.id(), null, plan.auditState());
        return plan;
    }

    @Transactional
    public Plan update(Caller caller, String id, PlanInput input) {
        caller.requireAdmin();
        if (input.code() != null) {
            throw ApiException.invalid("invalid_code", "a plan's code (its id) cannot change");
        }
        Plan before = plans.lock(id).orElseThrow(() -> ApiException.notFound("plan_not_found", "no plan " + id));
        if (input.name() != null && (input.name().isBlank() || input.name().length() > 100)) {
            throw ApiException.invalid("invalid_name", "name is 1-100 characters");
        }
        if (Plan.FREE.equals(id) && Boolean.FALSE.equals(input.active())) {
            throw ApiException.invalid("invalid_plan", "the Free plan is what users without a subscription get; it stays active");
        }
        Plan after = new Plan(id, input.name() == null ? before.name() : input.name().strip(),
                input.description() == null ? before.description() : input.description(),
                input.tier() == null ? before.tier() : input.tier(),
                input.trialDays() == null ? before.trialDays() : trialDays(input.trialDays()),
                input.prices() == null ? before.prices() : prices(input.prices()),
                input.features() == null ? before.features() : features(input.features()),
                input.active() == null ? before.active() : input.active(), before.createdAt(), clock.instant());
        plans.update(after);
        cache.planChanged(id);
        audit.changed("plan", id, before.auditState(), after.auditState());
        return after;
    }

    private static int trialDays(int days) {
        if (days < 0 || days > 365) {
            throw ApiException.invalid("invalid_trial_days", "trial_days is 0 to 365");
        }
        return days;
    }

    static List<Plan.Price> prices(List<Plan.Price> prices) {
        if (prices == null || prices.isEmpty() || prices.size() > 50) {
            throw ApiException.invalid("invalid_prices", "a plan needs 1 to 50 prices: {currency, interval, amount}");
        }
        Set<String> seen = new HashSet<>();
        for (Plan.Price p : prices) {
            if (p == null || p.currency() == null || !CURRENCY.matcher(p.currency()).matches()) {
                throw ApiException.invalid("invalid_currency", "a price's currency is a three-letter upper-case ISO 4217 code");
            }
            BillingInterval.of(p.interval());
            if (p.amount() < 0 || p.amount() > MAX_PRICE) {
                throw ApiException.invalid("invalid_amount", "a price is 0 to " + MAX_PRICE + " minor units");
            }
            if (!seen.add(p.currency() + "/" + p.interval())) {
                throw ApiException.invalid("invalid_prices", "two prices for " + p.currency() + " per " + p.interval());
            }
        }
        return List.copyOf(prices);
    }

    static Map<String, Feature> features(Map<String, Feature> features) {
        if (features == null || features.size() > 200) {
            throw ApiException.invalid("invalid_features", "features maps up to 200 feature names to what the plan grants");
        }
        Map<String, Feature> checked = new LinkedHashMap<>();
        features.forEach((key, spec) -> {
            if (key == null || !Entitlements.FEATURE.matcher(key).matches()) {
                throw ApiException.invalid("invalid_feature", "feature names are 1-64 characters of a-z, 0-9, _ and .");
            }
            if (spec == null) {
                throw ApiException.invalid("invalid_feature", "feature '" + key + "' needs a type");
            }
            checked.put(key, spec.validated(key));
        });
        return checked;
    }
}
