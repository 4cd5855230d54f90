package dev.mercato.demo;

import dev.mercato.catalog.Category;
import dev.mercato.catalog.CategoryManagement;
import dev.mercato.catalog.ListingDraft;
import dev.mercato.catalog.ListingKind;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.identity.User;
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
 * Demo categories and published listings, so search, browse and featured have something to show.
 * Idempotent: categories are found by slug and listings by their seller's titles.
 */
@Component
@Order(5)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoListings implements ApplicationRunner {

    private record Item(ListingKind kind, String category, String title, String description, List<String> tags,
            Map<String, Object> attributes) {
    }

    private static final List<Item> ITEMS = List.of(
            new Item(ListingKind.COURSE, "programming", "Python for data analysis",
                    "Learn Python from scratch: pandas, charts and cleaning real data sets, one notebook per lesson.",
                    List.of("python", "data"), Map.of("level", "beginner", "language", "en")),
            new Item(ListingKind.COURSE, "programming", "Rust in practice",
                    "Ownership, borrowing and async Rust by building a small web service step by step.",
                    List.of("rust", "backend"), Map.of("level", "intermediate", "language", "en")),
            new Item(ListingKind.COURSE, "design", "Logo design fundamentals",
                    "Sketch, refine and deliver a logo: shape, colour and type, with feedback on your work.",
                    List.of("logo", "branding"), Map.of("level", "beginner", "language", "en")),
            new Item(ListingKind.SERVICE, "design", "Landing page review within 48 hours",
                    "A designer reviews your landing page for clarity, layout and conversion, with a written report.",
                    List.of("ux", "review"), Map.of("delivery_days", 2)),
            new Item(ListingKind.SERVICE, "programming", "Python code review",
                    "An experienced engineer reviews up to 500 lines of Python and explains every suggestion.",
                    List.of("python", "review"), Map.of("delivery_days", 3)),
            new Item(ListingKind.COURSE, "marketing", "Email marketing that people read",
                    "Write newsletters and onboarding emails with measurable open and click rates.",
                    List.of("email", "copywriting"), Map.of("level", "beginner", "language", "en")));

    private final DemoUsers demoUsers;
    private final CategoryManagement categories;
    private final ListingManagement listings;
    private final Environment environment;

    DemoListings(DemoUsers demoUsers, CategoryManagement categories, ListingManagement listings,
            Environment environment) {
        this.demoUsers = demoUsers;
        this.categories = categories;
        this.listings = listings;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        demoUsers.refuseInProduction();
        User seller = demoUsers.user("cy@demo.mercato.dev", "Cy (seller of courses)");
        Caller caller = new Caller(seller.id(), false, seller.id(), null, "user");
        List<String> existing = listings.list(seller.id(), null, null, Optional.of(caller), null, 100).stream()
                .map(l -> l.title()).toList();
        for (Item item : ITEMS) {
            if (existing.contains(item.title())) {
                continue;
            }
            String category = category(item.category());
            String id = listings.create(seller.id(), new ListingDraft(item.kind(), item.title(), item.description(), category,
                    item.tags(), 0L, "USD", item.attributes(), List.of())).id();
            listings.publish(id, caller);
        }
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        System.out.println("""

                 Search the demo listings (no key needed):
                   curl -s '%1$s/v1/search/listings?q=python'
                   curl -s '%1$s/v1/search/listings?q=pyth&sort=newest'
                   curl -s '%1$s/v1/search/listings?q=desgin'
                   curl -s '%1$s/v1/featured'
                """.formatted(base));
    }

    private String category(String slug) {
        return categories.tree().stream().filter(c -> c.slug().equals(slug)).map(Category::id).findFirst()
                .orElseGet(() -> categories.create(Character.toUpperCase(slug.charAt(0)) + slug.substring(1), slug, null).id());
    }
}
