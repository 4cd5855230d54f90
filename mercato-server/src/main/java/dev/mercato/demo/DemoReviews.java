package dev.mercato.demo;

import dev.mercato.catalog.Category;
import dev.mercato.catalog.CategoryManagement;
import dev.mercato.catalog.Listing;
import dev.mercato.catalog.ListingDraft;
import dev.mercato.catalog.ListingKind;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.identity.User;
import dev.mercato.orders.Checkout;
import dev.mercato.orders.PurchaseRecords;
import dev.mercato.payouts.PayoutAccountManagement;
import dev.mercato.platform.Caller;
import dev.mercato.reviews.Review;
import dev.mercato.reviews.ReviewManagement;
import dev.mercato.reviews.ReviewQueries;
import dev.mercato.reviews.ReviewSort;
import dev.mercato.reviews.ReviewState;
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
 * Demo reviews: an instructor with two published courses, buyers who paid for them (simulated
 * processor), approved reviews with a few helpful votes, and one review waiting in the moderation
 * queue. Idempotent like {@link DemoData}: fixed emails, titles and a review per buyer and course.
 */
@Component
@Order(11)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoReviews implements ApplicationRunner {

    private record Written(String buyer, int course, int stars, String text) {
    }

    private static final List<Written> REVIEWS = List.of(
            new Written("dee", 0, 5, "The double-entry chapter finally made debits and credits click for me."),
            new Written("eli", 0, 4, "Clear and well paced. The exercises could use worked solutions."),
            new Written("fay", 0, 5, "I closed my first month's books on my own after week three."),
            new Written("gus", 0, 2, "Too basic for anyone who already keeps a ledger."),
            new Written("dee", 1, 4, "Good tour of cash-flow formulas, and the templates save hours."),
            // a link: waits in the moderation queue
            new Written("eli", 1, 5, "Great course, my notes are at www.example.com/notes if you want them."));

    private final DemoUsers demoUsers;
    private final CategoryManagement categories;
    private final ListingManagement listings;
    private final PayoutAccountManagement payoutAccounts;
    private final Checkout checkout;
    private final PurchaseRecords purchases;
    private final ReviewManagement reviews;
    private final ReviewQueries reviewQueries;
    private final Environment environment;

    DemoReviews(DemoUsers demoUsers, CategoryManagement categories, ListingManagement listings,
            PayoutAccountManagement payoutAccounts, Checkout checkout, PurchaseRecords purchases,
            ReviewManagement reviews, ReviewQueries reviewQueries, Environment environment) {
        this.demoUsers = demoUsers;
        this.categories = categories;
        this.listings = listings;
        this.payoutAccounts = payoutAccounts;
        this.checkout = checkout;
        this.purchases = purchases;
        this.reviews = reviews;
        this.reviewQueries = reviewQueries;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        User cleo = user("cleo", "Cleo (instructor)");
        payoutAccounts.onboard(cleo.id(), "US", null, null);
        String category = categories.tree().stream().filter(c -> c.slug().equals("demo-finance")).map(Category::id)
                .findFirst().orElseGet(() -> categories.create("Finance (demo)", "demo-finance", null).id());
        List<String> courses = List.of(
                course(cleo, category, "Bookkeeping from zero", "Double-entry bookkeeping for freelancers, with exercises.", 29_00),
                course(cleo, category, "Cash flow for small businesses", "Forecasts, runways and the formulas behind them.", 19_00));
        for (Written w : REVIEWS) {
            User buyer = user(w.buyer(), w.buyer().substring(0, 1).toUpperCase() + w.buyer().substring(1) + " (buyer)");
            Caller caller = new Caller(buyer.id(), false, buyer.id(), null, "user");
            String course = courses.get(w.course());
            if (!purchases.hasBought(buyer.id(), course)) {
                checkout.pay(checkout.create(buyer.id(), List.of(course)).id(), caller, "tok_visa");
            }
            boolean written = reviewQueries.ofListing(course, ReviewSort.NEWEST, Optional.of(caller), null, 100).stream()
                    .anyMatch(r -> r.authorId().equals(buyer.id()));
            if (!written) {
                Review review = reviews.write(caller, course, w.stars(), w.text());
                if (w.stars() >= 4 && !w.buyer().equals("dee") && review.state() == ReviewState.APPROVED) {
                    User voter = user("dee", "Dee (buyer)");
                    reviews.vote(new Caller(voter.id(), false, voter.id(), null, "user"), review.id(), true);
                }
            }
        }
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        System.out.println("""
                 Reviews (docs/reviews.md):
                   curl -s '%1$s/v1/listings/%2$s/reviews?sort=helpful'
                   curl -s %1$s/v1/moderation/reviews -H "Authorization: Bearer $MERCATO_KEY"
                """.formatted(base, courses.get(0)));
    }

    private String course(User seller, String category, String title, String description, long price) {
        Caller caller = new Caller(seller.id(), false, seller.id(), null, "user");
        Optional<Listing> existing = listings.list(seller.id(), category, null, Optional.of(caller), null, 100).stream()
                .filter(l -> l.title().equals(title)).findFirst();
        if (existing.isPresent()) {
            return existing.get().id();
        }
        Listing created = listings.create(seller.id(), new ListingDraft(ListingKind.COURSE, title, description, category,
                List.of("finance", "demo"), price, "USD", Map.of("level", "beginner", "language", "en"), List.of()));
        return listings.publish(created.id(), caller).id();
    }

    private User user(String name, String displayName) {
        return demoUsers.user(name + "@demo.mercato.dev", displayName);
    }
}
