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

    /** A consume: the quota after it and where the units came from ({@code quota} or {@code credits}). */
    record ConsumptionView(String object, String feature, String type, boolean allowed, Long limit, Long used,
            Long remaining, String period, Instant resetsAt, String planId, String source, String consumedFrom,
            long creditsDrawn, String creditDrawId, boolean replayed) {

        static ConsumptionView of(dev.mercato.billing.Consumption c) {
            var e = c.check();
            return new ConsumptionView("entitlement", e.feature(), e.type(), e.allowed(), e.limit(), e.used(),
                    e.remaining(), e.period(), e.resetsAt(), e.planId(), e.source(), c.consumedFrom(), c.credits(),
                    c.drawId(), c.replayed());
        }
    }
}
