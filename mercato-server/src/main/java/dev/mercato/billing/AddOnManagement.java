package dev.mercato.billing;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The add-on catalog: anyone reads the active add-ons; operators create them. A fresh installation
 * gets three (created when missing, never overwritten): +100 listings, +100 workflow runs a day, and
 * priority support. Subscribers attach them through {@link SubscriptionManagement#putAddOn}.
 */
@Service
public class AddOnManagement implements SmartInitializingSingleton {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    /** What an operator sends to create an add-on (its id is {@code addon_<code>}). */
    public record AddOnInput(String code, String name, String description, List<Plan.Price> prices,
            Map<String, Feature> features, Integer maxQuantity) {
    }

    private final AddOns addOns;
    private final AuditLog audit;
    private final Clock clock;

    AddOnManagement(AddOns addOns, AuditLog audit, Clock clock) {
        this.addOns = addOns;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        defaults(clock.instant()).forEach(addOns::insert);
    }

    public List<AddOn> list(Caller caller, boolean includeInactive) {
        if (includeInactive) {
            caller.requireAdmin();
        }
        return addOns.all().stream().filter(a -> includeInactive || a.active()).toList();
    }

    @Transactional
    public AddOn create(Caller caller, AddOnInput in) {
        caller.requireAdmin();
        if (in.code() == null || !CODE.matcher(in.code()).matches()) {
            throw ApiException.invalid("invalid_code", "code is 1-40 characters of a-z, 0-9, _ and -; the add-on's id is addon_<code>");
        }
        if (in.name() == null || in.name().isBlank() || in.name().length() > 100) {
            throw ApiException.invalid("invalid_name", "name is 1-100 characters");
        }
        int max = in.maxQuantity() == null ? 1 : in.maxQuantity();
        if (max < 1 || max > 1000) {
            throw ApiException.invalid("invalid_max_quantity", "max_quantity is 1 to 1000");
        }
        Map<String, Feature> features = PlanManagement.features(in.features());
        if (features.isEmpty()) {
            throw ApiException.invalid("invalid_features", "an add-on grants at least one feature");
        }
        features.forEach((key, f) -> {
            boolean adds = switch (f.type()) {
                case Feature.BOOLEAN -> Boolean.TRUE.equals(f.enabled());
                case Feature.LIMIT, Feature.QUOTA -> f.limit() != null && f.limit() > 0;
                default -> true;
            };
            if (!adds || f.overage() != null) {
                throw ApiException.invalid("invalid_feature", "feature '" + key + "': an add-on switches a boolean on, adds a"
                        + " limit or quota above 0 per unit, or sets a value; it has no overage price");
            }
        });
        Instant now = clock.instant();
        AddOn addOn = new AddOn("addon_" + in.code(), in.name().strip(), in.description(), PlanManagement.prices(in.prices()),
                features, max, true, now, now);
        if (!addOns.insert(addOn)) {
            throw new ApiException(409, "add_on_exists", "an add-on " + addOn.id() + " already exists");
        }
        audit.changed("add_on", addOn.id(), null, addOn.auditState());
        return addOn;
    }

    static List<AddOn> defaults(Instant now) {
        return List.of(
                new AddOn("addon_extra_listings", "100 more listings", "Another 100 listings on top of the plan's.",
                        DefaultPlans.prices(4_99, 49_90), Map.of("listings", Feature.limit(100L)), 50, true, now, now),
                new AddOn("addon_extra_runs", "100 more workflow runs a day", "Another 100 workflow runs every day.",
                        DefaultPlans.prices(9_99, 99_90), Map.of("workflow_runs", Feature.quota(100L, "day")), 20, true, now, now),
                new AddOn("addon_priority_support", "Priority support", "Priority support with a 4-hour response target.",
                        DefaultPlans.prices(29_00, 290_00), Map.of("priority_support", Feature.on(), "support_response_hours",
                        Feature.value("4")), 1, true, now, now));
    }
}
