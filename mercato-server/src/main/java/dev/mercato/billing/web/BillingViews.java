package dev.mercato.billing.web;

import dev.mercato.billing.EntitlementCheck;
import dev.mercato.billing.Feature;
import dev.mercato.billing.Plan;
import dev.mercato.billing.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of billing's resources. */
final class BillingViews {

    private BillingViews() {
    }

    record PlanView(String id, String object, String name, String description, int tier, int trialDays,
            List<Plan.Price> prices, Map<String, Feature> features, boolean active, Instant createdAt, Instant updatedAt) {

        static PlanView of(Plan p) {
            return new PlanView(p.id(), "plan", p.name(), p.description(), p.tier(), p.trialDays(), p.prices(),
                    p.features(), p.active(), p.createdAt(), p.updatedAt());
        }
    }

    record SubscriptionView(String id, String object, String userId, String planId, String status, String currency,
            String interval, long price, boolean hasPaymentMethod, Instant currentPeriodStart, Instant currentPeriodEnd,
            Instant trialEnd, boolean cancelAtPeriodEnd, Instant canceledAt, Instant endedAt, Instant pausedAt,
            int failedPayments, String failureCode, Instant createdAt, Instant updatedAt) {

        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id(), "subscription", s.userId(), s.planId(), s.status().code(), s.currency(),
                    s.interval().code(), s.price(), s.paymentMethod() != null, s.currentPeriodStart(),
                    s.currentPeriodEnd(), s.trialEnd(), s.cancelAtPeriodEnd(), s.canceledAt(), s.endedAt(), s.pausedAt(),
                    s.failedPayments(), s.failureCode(), s.createdAt(), s.updatedAt());
        }
    }

    record EntitlementView(String object, String feature, String type, boolean allowed, Long limit, Long used,
            Long remaining, String value, String period, Instant resetsAt, String planId, String source) {

        static EntitlementView of(EntitlementCheck c) {
            return new EntitlementView("entitlement", c.feature(), c.type(), c.allowed(), c.limit(), c.used(),
                    c.remaining(), c.value(), c.period(), c.resetsAt(), c.planId(), c.source());
        }
    }
}
