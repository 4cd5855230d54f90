package dev.mercato.demo;

import dev.mercato.billing.CouponManagement;
import dev.mercato.billing.Entitlements;
import dev.mercato.billing.SubscriptionManagement;
import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import dev.mercato.platform.Caller;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Demo billing: the coupon {@code WELCOME20} (20% off the first three periods, 100 redemptions);
 * Hana on Pro, paid monthly with the simulated processor's test card under that coupon, with the
 * "100 more listings" add-on, and her first workflow run of the day consumed. Idempotent: the
 * coupon is created once and she keeps the subscription she has.
 */
@Component
@Order(12)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoBilling implements ApplicationRunner {

    private final DemoUsers demoUsers;
    private final SubscriptionManagement subscriptions;
    private final Entitlements entitlements;
    private final Environment environment;
    private final CouponManagement coupons;
    private final UserManagement users;

    DemoBilling(DemoUsers demoUsers, SubscriptionManagement subscriptions, Entitlements entitlements,
            Environment environment, CouponManagement coupons, UserManagement users) {
        this.coupons = coupons;
        this.users = users;
        this.demoUsers = demoUsers;
        this.subscriptions = subscriptions;
        this.entitlements = entitlements;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        demoUsers.refuseInProduction();
        User hana = demoUsers.user("hana@demo.mercato.dev", "Hana (Pro subscriber)");
        Caller caller = new Caller(hana.id(), false, hana.id(), null, "user");
        User admin = users.platformAdmin().orElseThrow();
        Caller operator = new Caller(admin.id(), true, admin.id(), "demo", "admin");
        if (!coupons.exists("WELCOME20")) {
            coupons.create(operator, new CouponManagement.CouponInput("WELCOME20", "Welcome: 20% off three months", 20, null,
                    null, "repeating", 3, 100, null, null));
        }
        if (subscriptions.list(caller, null, 1).data().isEmpty()) {
            var sub = subscriptions.start(caller, new SubscriptionManagement.StartRequest("plan_pro", "month", "USD",
                    "tok_visa", false, "WELCOME20"));
            subscriptions.putAddOn(caller, sub.id(), "addon_extra_listings", 1);
            entitlements.consume(hana.id(), "workflow_runs", 1);
        }
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        System.out.println("""
                 Billing (docs/billing.md) — Hana (%2$s) is on Pro with the coupon WELCOME20 and 100 more listings:
                   curl -s %1$s/v1/plans -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s %1$s/v1/coupons -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s %1$s/v1/add-ons -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s %1$s/v1/entitlements -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %2$s"
                   curl -s %1$s/v1/subscriptions -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %2$s"
                   curl -s %1$s/v1/invoices -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %2$s"
                """.formatted(base, hana.id()));
    }
}
