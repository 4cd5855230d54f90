package dev.mercato.analytics;

import dev.mercato.catalog.Listing;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records that a visitor was shown a listing's page: at most one view per visitor, listing and UTC
 * day counts. The visitor is the calling user (or the user a platform key acts on behalf of); a
 * platform key acting as itself names an anonymous visitor with {@code visitor_id}. A seller's views
 * of their own listing are not counted.
 */
@Service
public class ListingViews {

    private static final Pattern VISITOR = Pattern.compile("[\\x21-\\x7E]{1,128}");

    /** What happened to a view: {@code counted} is false for a repeat view that day or the seller's own. */
    public record ViewRecorded(String object, String listingId, LocalDate day, boolean counted) {
    }

    private final ListingManagement listings;
    private final Rollups rollups;
    private final Clock clock;

    ListingViews(ListingManagement listings, Rollups rollups, Clock clock) {
        this.listings = listings;
        this.rollups = rollups;
        this.clock = clock;
    }

    @Transactional
    public ViewRecorded record(String listingId, Caller caller, String visitorId) {
        String visitor = visitor(caller, visitorId);
        Listing listing = listings.visible(listingId, Optional.empty())
                .orElseThrow(() -> ApiException.notFound("listing_not_found", "no published listing " + listingId));
        Instant now = clock.instant();
        boolean own = !isPlatform(caller) && caller.userId().equals(listing.sellerId());
        boolean counted = !own && rollups.view(listing.id(), listing.sellerId(), listing.categoryId(), visitor, now);
        return new ViewRecorded("listing_view", listing.id(), Window.today(now), counted);
    }

    private static String visitor(Caller caller, String visitorId) {
        if (!isPlatform(caller)) {
            if (visitorId != null) {
                throw ApiException.forbidden("only a platform key acting as itself names an anonymous visitor_id;"
                        + " a user's views are that user's");
            }
            return "user:" + caller.userId();
        }
        if (visitorId == null) {
            throw ApiException.invalid("visitor_required",
                    "a platform key acting as itself sends visitor_id (an anonymous visitor), or Mercato-On-Behalf-Of a user");
        }
        if (!VISITOR.matcher(visitorId).matches()) {
            throw ApiException.invalid("invalid_visitor_id", "visitor_id is 1 to 128 printable ASCII characters");
        }
        return "anon:" + visitorId;
    }

    private static boolean isPlatform(Caller caller) {
        return caller.admin() && !caller.actingOnBehalf();
    }
}
