package dev.mercato.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.analytics.MarketplaceAnalytics.Figures;
import dev.mercato.analytics.MarketplaceAnalytics.Revenue;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.catalog.ListingPublished;
import dev.mercato.orders.OrderPaid;
import dev.mercato.orders.OrderRefunded;
import dev.mercato.platform.Caller;
import dev.mercato.testing.IntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Windows, currencies, refunds and redelivery, measured at a fixed "now" far in the future that
 * no other test reaches (each test its own), so the marketplace-wide figures hold only this test's
 * data and exact assertions are safe although other tests move the shared clock.
 */
class AnalyticsFiguresTests extends IntegrationTest {

    private static final AtomicInteger ERA = new AtomicInteger();

    @Autowired
    Rollups rollups;
    @Autowired
    AnalyticsQueries queries;
    @Autowired
    ListingManagement listings;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    AnalyticsProperties properties;

    Instant now;
    Clock fixed;
    AnalyticsEvents events;
    MarketplaceAnalytics analytics;
    Caller operator;
    String seller;
    String listing;
    String category;

    @BeforeEach
    void setUp() {
        // Noon on a day about a century ahead, 100 days apart per test: the windows of two tests never overlap.
        now = Instant.parse("2126-01-01T12:00:00Z").plus(Duration.ofDays(100L * ERA.incrementAndGet()));
        fixed = Clock.fixed(now, ZoneOffset.UTC);
        events = new AnalyticsEvents(rollups, fixed);
        analytics = new MarketplaceAnalytics(queries, rollups, listings, fixed, properties);
        operator = new Caller("usr_operator", true, "usr_operator", "key", "admin");
        seller = "usr_" + UUID.randomUUID();
        listing = "lst_" + UUID.randomUUID();
        category = "cat_" + UUID.randomUUID();
        inTransaction(() -> events.on(new ListingPublished(listing, seller, 1)));
    }

    @Test
    void windowsAreWholeUtcDaysEndingNow() {
        Instant midnight = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        paid("USD", 10_00, now.minusSeconds(60));
        paid("USD", 20_00, midnight);
        paid("USD", 40_00, midnight.minusNanos(1000));
        paid("USD", 80_00, midnight.minus(Duration.ofDays(6)));
        paid("USD", 160_00, midnight.minus(Duration.ofDays(6)).minusNanos(1000));
        paid("USD", 320_00, midnight.minus(Duration.ofDays(29)));
        paid("USD", 640_00, midnight.minus(Duration.ofDays(29)).minusNanos(1000));

        var windows = analytics.listing(listing, seller(), Window.DAY).windows();
        assertThat(gross(windows.get("day"))).isEqualTo(30_00);
        assertThat(gross(windows.get("week"))).isEqualTo(30_00 + 40_00 + 80_00);
        assertThat(gross(windows.get("month"))).isEqualTo(30_00 + 40_00 + 80_00 + 160_00 + 320_00);
        assertThat(windows.get("week").from()).isEqualTo(midnight.minus(Duration.ofDays(6)));
        assertThat(windows.get("month").purchases()).isEqualTo(6);
        assertThat(analytics.marketplace(operator, Window.MONTH).windows().get("month").purchases())
                .as("the marketplace as a whole, at this test's now").isEqualTo(6);
    }

    @Test
    void conversionIsPurchasesPerViewAndCurrenciesAreNeverAdded() {
        for (int v = 0; v < 8; v++) {
            rollups.view(listing, seller, category, "anon:v" + v, now.minusSeconds(600));
        }
        rollups.view(listing, seller, category, "anon:v0", now.minusSeconds(30));
        paid("USD", 25_00, now.minusSeconds(120));
        paid("EUR", 30_00, now.minusSeconds(100));

        Figures day = analytics.listing(listing, seller(), Window.DAY).windows().get("day");
        assertThat(day.views()).isEqualTo(8);
        assertThat(day.purchases()).isEqualTo(2);
        assertThat(day.conversionRate()).isEqualTo(0.25);
        assertThat(day.revenue()).extracting(Revenue::currency, Revenue::gross).containsExactly(
                org.assertj.core.groups.Tuple.tuple("EUR", 30_00L), org.assertj.core.groups.Tuple.tuple("USD", 25_00L));
        var dashboard = analytics.seller(seller(), Window.WEEK);
        assertThat(dashboard.topListings()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(listing);
            assertThat(r.conversionRate()).isEqualTo(0.25);
            assertThat(r.revenue()).hasSize(2);
        });
        assertThat(dashboard.daily()).hasSize(7);
        assertThat(dashboard.daily().getLast().purchases()).isEqualTo(2);
    }

    @Test
    void aRedeliveredOrderPaidOrRefundCountsOnceAndARefundBeforeItsOrderWaits() {
        OrderPaid order = order("USD", now.minusSeconds(300), line(30_00), line(10_00));
        inTransaction(() -> events.on(order));
        inTransaction(() -> events.on(order));
        OrderRefunded refund = new OrderRefunded(order.orderId(), "rf_" + UUID.randomUUID(), "USD", 20_00, false,
                now.minusSeconds(200));
        inTransaction(() -> events.on(refund));
        inTransaction(() -> events.on(refund));
        Revenue revenue = analytics.listing(listing, seller(), Window.DAY).windows().get("day").revenue().getFirst();
        assertThat(revenue).isEqualTo(new Revenue("USD", 2, 40_00, 20_00, 20_00));
        assertThat(rollups.lines(order.orderId())).extracting(Rollups.PaidLine::refunded)
                .as("a partial refund spread in proportion to what is left of each line").containsExactly(15_00L, 5_00L);

        OrderPaid late = order("USD", now.minusSeconds(100), line(12_00));
        inTransaction(() -> events.on(new OrderRefunded(late.orderId(), "rf_" + UUID.randomUUID(), "USD", 12_00, true,
                now.minusSeconds(50))));
        assertThat(analytics.listing(listing, seller(), Window.DAY).windows().get("day").revenue().getFirst().refunded())
                .as("the refund waits for its order").isEqualTo(20_00);
        inTransaction(() -> events.on(late));
        assertThat(analytics.listing(listing, seller(), Window.DAY).windows().get("day").revenue().getFirst())
                .isEqualTo(new Revenue("USD", 3, 52_00, 32_00, 20_00));
    }

    @Test
    void theOperatorSeesTheLastFiveMinutesAndTheLastHour() {
        String fresh = "lst_" + UUID.randomUUID();
        Clock earlier = Clock.fixed(now.minusSeconds(120), ZoneOffset.UTC);
        inTransaction(() -> new AnalyticsEvents(rollups, earlier).on(new ListingPublished(fresh, seller, 1)));
        inTransaction(() -> new AnalyticsEvents(rollups, earlier).on(new ListingPublished(fresh, seller, 2)));
        rollups.view(listing, seller, category, "anon:a", now.minusSeconds(60));
        rollups.view(listing, seller, category, "anon:b", now.minusSeconds(30 * 60));
        rollups.view(listing, seller, category, "anon:c", now.minusSeconds(2 * 3600));
        paid("USD", 5_00, now.minusSeconds(90));
        paid("USD", 7_00, now.minusSeconds(40 * 60));

        var report = analytics.marketplace(operator, Window.DAY);
        Figures minutes = report.live().get("last_5_minutes");
        Figures hour = report.live().get("last_hour");
        assertThat(minutes.views()).isEqualTo(1);
        assertThat(hour.views()).isEqualTo(2);
        assertThat(minutes.revenue()).containsExactly(new Revenue("USD", 1, 5_00, 0, 5_00));
        assertThat(hour.revenue()).containsExactly(new Revenue("USD", 2, 12_00, 0, 12_00));
        assertThat(minutes.newListings()).as("setUp's listing and the fresh one; a republication (version 2) is not new").isEqualTo(2);
        assertThat(report.windows().get("day").views()).isEqualTo(3);
        assertThat(report.topCategories()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(category));
        assertThat(report.topSellers()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(seller);
            assertThat(s.purchases()).isEqualTo(2);
            assertThat(s.views()).isEqualTo(3);
        });
    }

    @Test
    void theTopSellersComeFromTheRankingJobWhileItIsFreshAndLiveOtherwise() {
        paid("USD", 10_00, now.minusSeconds(600));
        inTransaction(new SellerRanking(queries, fixed)::rankAll);
        String rival = "usr_" + UUID.randomUUID();
        String rivalListing = "lst_" + UUID.randomUUID();
        inTransaction(() -> events.on(new ListingPublished(rivalListing, rival, 1)));
        for (int i = 0; i < 2; i++) {
            inTransaction(() -> events.on(order("USD", now.minusSeconds(300),
                    new OrderPaid.PaidLine(rivalListing, 1, rival, "course", category, 5_00))));
        }

        var ranked = analytics.marketplace(operator, Window.DAY);
        assertThat(ranked.topSellers()).extracting(MarketplaceAnalytics.Ranked::id).containsExactly(seller);
        assertThat(ranked.topSellersAsOf()).isEqualTo(now);
        assertThat(ranked.topCategories().getFirst().purchases()).as("categories are always ranked live").isEqualTo(3);

        Instant stale = now.plus(properties.rankingInterval().multipliedBy(2)).plusSeconds(1);
        var live = new MarketplaceAnalytics(queries, rollups, listings, Clock.fixed(stale, ZoneOffset.UTC), properties)
                .marketplace(operator, Window.DAY);
        assertThat(live.topSellers()).extracting(MarketplaceAnalytics.Ranked::id).containsExactly(rival, seller);
        assertThat(live.topSellersAsOf()).isEqualTo(stale);
    }

    @Test
    void onlyOperatorsReadTheMarketplace() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> analytics.marketplace(seller(), Window.DAY))
                .isInstanceOf(dev.mercato.platform.ApiException.class).hasMessageContaining("admin");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> analytics.listing(listing,
                new Caller("usr_other", false, "usr_other", "key", "user"), Window.DAY))
                .isInstanceOf(dev.mercato.platform.ApiException.class).hasMessageContaining("no listing");
    }

    private Caller seller() {
        return new Caller(seller, false, seller, "key", "user");
    }

    private void paid(String currency, long price, Instant at) {
        inTransaction(() -> events.on(order(currency, at, line(price))));
    }

    private OrderPaid.PaidLine line(long price) {
        return new OrderPaid.PaidLine(listing, 1, seller, "course", category, price);
    }

    private static OrderPaid order(String currency, Instant at, OrderPaid.PaidLine... lines) {
        long total = java.util.Arrays.stream(lines).mapToLong(OrderPaid.PaidLine::price).sum();
        return new OrderPaid("ord_" + UUID.randomUUID(), "usr_buyer", currency, total,
                java.util.Arrays.stream(lines).map(OrderPaid.PaidLine::listingId).toList(), List.of(), at, List.of(lines));
    }

    private static long gross(Figures f) {
        return f.revenue().stream().mapToLong(Revenue::gross).sum();
    }

    private void inTransaction(Runnable work) {
        transactions.executeWithoutResult(status -> work.run());
    }
}
