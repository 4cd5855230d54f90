package dev.mercato.analytics.web;

import dev.mercato.analytics.ListingViews;
import dev.mercato.analytics.MarketplaceAnalytics;
import dev.mercato.analytics.Window;
import dev.mercato.platform.AuditExempt;
import dev.mercato.platform.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Views are recorded by the platform when it shows a listing page; the listing's seller and
 * operators read the figures. {@code window} (day, week, month) chooses the daily series and rankings;
 * totals are always given for all three windows.
 */
@RestController
class AnalyticsController {

    private final ListingViews views;
    private final MarketplaceAnalytics analytics;

    AnalyticsController(ListingViews views, MarketplaceAnalytics analytics) {
        this.views = views;
        this.analytics = analytics;
    }

    /** @param visitorId an anonymous visitor's stable id (a cookie), sent only by a platform key acting as itself */
    record ViewBody(String visitorId) {
    }

    @AuditExempt("telemetry: counts a view; the counted view is the record")
    @PostMapping("/v1/listings/{id}/views")
    ListingViews.ViewRecorded view(Caller caller, @PathVariable String id, @RequestBody(required = false) ViewBody body) {
        return views.record(id, caller, body == null ? null : body.visitorId());
    }

    @GetMapping("/v1/analytics/listings/{id}")
    MarketplaceAnalytics.ListingReport listing(Caller caller, @PathVariable String id,
            @RequestParam(defaultValue = "month") String window) {
        return analytics.listing(id, caller, Window.of(window));
    }

    @GetMapping("/v1/analytics/sellers/me")
    MarketplaceAnalytics.SellerReport seller(Caller caller, @RequestParam(defaultValue = "month") String window) {
        return analytics.seller(caller, Window.of(window));
    }

    @GetMapping("/v1/analytics/marketplace")
    MarketplaceAnalytics.MarketplaceReport marketplace(Caller caller, @RequestParam(defaultValue = "day") String window) {
        return analytics.marketplace(caller, Window.of(window));
    }
}
