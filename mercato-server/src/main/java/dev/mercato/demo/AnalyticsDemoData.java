package dev.mercato.demo;

import dev.mercato.analytics.ListingViews;
import dev.mercato.catalog.Category;
import dev.mercato.catalog.CategoryManagement;
import dev.mercato.catalog.Listing;
import dev.mercato.catalog.ListingDraft;
import dev.mercato.catalog.ListingKind;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.catalog.ListingStatus;
import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import dev.mercato.orders.Checkout;
import dev.mercato.payouts.PayoutAccountManagement;
import dev.mercato.platform.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Demo data for the analytics dashboards, after {@link DemoData}: Bo's published course, a dozen
 * visitors' views of it today and Ada's paid purchase. Restarting adds nothing twice (the course
 * and the purchase are looked up first; views count once per visitor and day).
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class AnalyticsDemoData implements ApplicationRunner {

    private static final String TITLE = "Double-entry bookkeeping for marketplaces";

    private final UserManagement users;
    private final PayoutAccountManagement payoutAccounts;
    private final CategoryManagement categories;
    private final ListingManagement listings;
    private final ListingViews views;
    private final Checkout checkout;
    private final Environment environment;

    AnalyticsDemoData(UserManagement users, PayoutAccountManagement payoutAccounts, CategoryManagement categories,
            ListingManagement listings, ListingViews views, Checkout checkout, Environment environment) {
        this.users = users;
        this.payoutAccounts = payoutAccounts;
        this.categories = categories;
        this.listings = listings;
        this.views = views;
        this.checkout = checkout;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        User bo = users.findByEmail("bo@demo.mercato.dev").orElseThrow();
        User ada = users.findByEmail("ada@demo.mercato.dev").orElseThrow();
        User admin = users.platformAdmin().orElseThrow();
        Caller seller = new Caller(bo.id(), false, bo.id(), "demo", "user");
        Caller buyer = new Caller(ada.id(), false, ada.id(), "demo", "user");
        Caller platform = new Caller(admin.id(), true, admin.id(), "demo", "admin");
        payoutAccounts.onboard(bo.id(), "US", null, null);
        Listing course = course(bo, seller);
        for (int visitor = 1; visitor <= 12; visitor++) {
            views.record(course.id(), platform, "demo-visitor-" + visitor);
        }
        views.record(course.id(), buyer, null);
        boolean bought = checkout.history(ada.id(), null, 100).stream()
                .anyMatch(o -> o.paidAt() != null && o.lines().stream().anyMatch(l -> l.listingId().equals(course.id())));
        if (!bought) {
            var order = checkout.create(ada.id(), List.of(course.id()));
            checkout.pay(order.id(), buyer, "tok_visa");
        }
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        System.out.printf("""
                 Analytics (with the admin key above; Bo's course has views and a sale):
                   curl -s %1$s/v1/analytics/marketplace -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s %1$s/v1/analytics/sellers/me -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %2$s"
                   curl -s %1$s/v1/analytics/listings/%3$s -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s -X POST %1$s/v1/listings/%3$s/views -H "Authorization: Bearer $MERCATO_KEY" \\
                        -H "Content-Type: application/json" -d '{"visitor_id": "curl-visitor"}'
                ==========================================================================
                %n""", base, bo.id(), course.id());
    }

    private Listing course(User bo, Caller seller) {
        Optional<Listing> existing = listings.list(bo.id(), null, null, Optional.of(seller), null, 100).stream()
                .filter(l -> l.title().equals(TITLE)).findFirst();
        if (existing.isPresent() && existing.get().status() == ListingStatus.PUBLISHED) {
            return existing.get();
        }
        if (existing.isPresent()) {
            return listings.publish(existing.get().id(), seller);
        }
        Category category = categories.tree().stream().filter(c -> c.slug().equals("demo-finance")).findFirst()
                .orElseGet(() -> categories.create("Finance", "demo-finance", null));
        Listing draft = listings.create(bo.id(), new ListingDraft(ListingKind.COURSE, TITLE,
                "Accounts, postings and why every movement balances.", category.id(), List.of("accounting", "ledger"),
                19_99L, "USD", Map.of("level", "beginner", "language", "en"), List.of()));
        return listings.publish(draft.id(), seller);
    }
}
