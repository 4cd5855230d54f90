package dev.mercato.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mercato.analytics.AnalyticsQueries.Count;
import dev.mercato.analytics.AnalyticsQueries.Selection;
import dev.mercato.catalog.Listing;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The three analytics payloads: one listing's figures (for its seller or an operator), the seller
 * dashboard and the operator's marketplace view. Figures for each window are sums of the daily
 * rollups; revenue is per currency, never added across currencies. A payload is read in one
 * read-only transaction, so its parts agree with each other.
 */
@Service
public class MarketplaceAnalytics {

    static final int TOP = 10;
    static final Selection SELLERS = new Selection("seller", null, null);

    /**
     * Revenue in one currency: {@code gross} is what paid lines cost, {@code refunded} what was
     * given back in the window, {@code net} the difference.
     */
    public record Revenue(String currency, long purchases, long gross, long refunded, long net) {

        static Revenue of(String currency, long purchases, long gross, long refunded) {
            return new Revenue(currency, purchases, gross, refunded, gross - refunded);
        }
    }

    /**
     * The figures of one window. {@code conversionRate} is purchases / views (null without views; it
     * can exceed 1 when purchases come from pages the platform did not report views for).
     * {@code newListings} only in the marketplace payload.
     */
    public record Figures(Instant from, Instant to, long views, long purchases, Double conversionRate,
            List<Revenue> revenue, @JsonInclude(JsonInclude.Include.NON_NULL) Long newListings) {
    }

    /** One UTC day of a series, for charts. */
    public record Day(LocalDate day, long views, long purchases, List<Revenue> revenue) {
    }

    /** A listing, seller or category in a ranking. */
    public record Ranked(String id, long views, long purchases, Double conversionRate, List<Revenue> revenue) {
    }

    public record ListingReport(String object, String listingId, String sellerId, Instant asOf, String window,
            Map<String, Figures> windows, List<Day> daily) {
    }

    public record SellerReport(String object, String sellerId, Instant asOf, String window, Map<String, Figures> windows,
            List<Ranked> topListings, List<Day> daily) {
    }

    /** {@code topSellersAsOf}: when the seller ranking was computed (at most a ranking interval ago). */
    public record MarketplaceReport(String object, Instant asOf, Map<String, Figures> live, String window,
            Map<String, Figures> windows, List<Ranked> topCategories, List<Ranked> topSellers, Instant topSellersAsOf,
            List<Day> daily) {
    }

    private final AnalyticsQueries queries;
    private final Rollups rollups;
    private final ListingManagement listings;
    private final Clock clock;
    private final Duration rankingInterval;

    MarketplaceAnalytics(AnalyticsQueries queries, Rollups rollups, ListingManagement listings, Clock clock,
            AnalyticsProperties properties) {
        this.queries = queries;
        this.rollups = rollups;
        this.listings = listings;
        this.clock = clock;
        this.rankingInterval = properties.rankingInterval();
    }

    /** A listing's figures; someone else's listing is as unknown as a listing that does not exist. */
    @Transactional(readOnly = true)
    public ListingReport listing(String listingId, Caller caller, Window window) {
        String sellerId = rollups.sellerOf(listingId)
                .or(() -> listings.visible(listingId, Optional.of(caller)).map(Listing::sellerId))
                .filter(caller::mayAccess)
                .orElseThrow(() -> ApiException.notFound("listing_not_found", "no listing " + listingId));
        queries.withoutJit();
        Instant now = clock.instant();
        LocalDate today = Window.today(now);
        Selection selection = new Selection("listing", listingId, null);
        return new ListingReport("listing_analytics", listingId, sellerId, now, window.code(),
                windows(selection, now, null), daily(selection, window, today));
    }

    /** The seller dashboard of the caller (a seller, or a platform acting on behalf of one). */
    @Transactional(readOnly = true)
    public SellerReport seller(Caller caller, Window window) {
        queries.withoutJit();
        Instant now = clock.instant();
        LocalDate today = Window.today(now);
        String sellerId = caller.userId();
        List<Ranked> top = ranked("listing", queries.top(new Selection("listing", null, sellerId), window.firstDay(today),
                today, TOP), window, today);
        Selection selection = new Selection("seller", sellerId, null);
        return new SellerReport("seller_analytics", sellerId, now, window.code(), windows(selection, now, null), top,
                daily(selection, window, today));
    }

    /** The operator's view: live figures for the last 5 minutes and hour, the windows, and the top categories and sellers. */
    @Transactional(readOnly = true)
    public MarketplaceReport marketplace(Caller caller, Window window) {
        caller.requireAdmin();
        queries.withoutJit();
        Instant now = clock.instant();
        LocalDate today = Window.today(now);
        Instant hour = now.minus(Duration.ofHours(1));
        Instant minutes = now.minus(Duration.ofMinutes(5));
        long[] views = queries.liveViews(hour, minutes, now);
        Map<String, Revenue[]> sales = queries.liveSales(hour, minutes, now);
        long[] published = queries.newListings(now, minutes, hour, Window.DAY.start(today), Window.WEEK.start(today),
                Window.MONTH.start(today));
        Map<String, Figures> live = new LinkedHashMap<>();
        live.put("last_5_minutes", figures(minutes, now, views[0],
                sales.values().stream().map(r -> r[0]).filter(MarketplaceAnalytics::any).toList(), published[0]));
        live.put("last_hour", figures(hour, now, views[1],
                sales.values().stream().map(r -> r[1]).filter(MarketplaceAnalytics::any).toList(), published[1]));
        Selection all = new Selection("category", null, null);
        LocalDate from = window.firstDay(today);
        AnalyticsQueries.StoredRanking sellers = queries.storedTopSellers(window, today, now.minus(rankingInterval.multipliedBy(2)))
                .orElseGet(() -> new AnalyticsQueries.StoredRanking(queries.top(SELLERS, from, today, TOP), now));
        return new MarketplaceReport("marketplace_analytics", now, live, window.code(),
                windows(all, now, new long[] {published[2], published[3], published[4]}),
                ranked("category", queries.top(all, from, today, TOP), window, today),
                ranked("seller", sellers.top(), window, today), sellers.computedAt(), daily(all, window, today));
    }

    private Map<String, Figures> windows(Selection selection, Instant now, long[] newListings) {
        LocalDate today = Window.today(now);
        Map<Window, Long> views = queries.views(selection, today);
        Map<Window, List<Revenue>> sales = queries.sales(selection, today);
        Map<String, Figures> windows = new LinkedHashMap<>();
        for (Window w : Window.values()) {
            windows.put(w.code(), figures(w.start(today), now, views.get(w), sales.get(w),
                    newListings == null ? null : newListings[w.ordinal()]));
        }
        return windows;
    }

    private List<Day> daily(Selection selection, Window window, LocalDate today) {
        LocalDate from = window.firstDay(today);
        Map<LocalDate, List<Revenue>> sales = queries.dailySales(selection, from, today);
        List<Day> days = new ArrayList<>();
        queries.dailyViews(selection, from, today).forEach((day, views) -> {
            List<Revenue> revenue = sales.getOrDefault(day, List.of());
            days.add(new Day(day, views, purchases(revenue), revenue));
        });
        return days;
    }

    private List<Ranked> ranked(String scope, List<Count> top, Window window, LocalDate today) {
        Map<String, List<Revenue>> revenue = queries.revenueOf(scope, top.stream().map(Count::key).toList(),
                window.firstDay(today), today);
        return top.stream().map(c -> new Ranked(c.key(), c.views(), c.purchases(), rate(c.purchases(), c.views()),
                revenue.getOrDefault(c.key(), List.of()))).toList();
    }

    private static Figures figures(Instant from, Instant to, long views, List<Revenue> revenue, Long newListings) {
        long purchases = purchases(revenue);
        return new Figures(from, to, views, purchases, rate(purchases, views), revenue, newListings);
    }

    private static long purchases(List<Revenue> revenue) {
        return revenue.stream().mapToLong(Revenue::purchases).sum();
    }

    private static boolean any(Revenue r) {
        return r.purchases() != 0 || r.gross() != 0 || r.refunded() != 0;
    }

    /** Purchases per view to four decimals; null without views. */
    static Double rate(long purchases, long views) {
        return views == 0 ? null
                : BigDecimal.valueOf(purchases).divide(BigDecimal.valueOf(views), 4, RoundingMode.HALF_UP).doubleValue();
    }
}
