package dev.mercato.search;

import dev.mercato.catalog.CategoryChanged;
import dev.mercato.catalog.CategoryManagement;
import dev.mercato.catalog.Listing;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.catalog.ListingPublished;
import dev.mercato.catalog.ListingStatus;
import dev.mercato.catalog.ListingVersion;
import dev.mercato.catalog.ListingWithdrawn;
import dev.mercato.orders.OrderPaid;
import dev.mercato.platform.ApiException;
import dev.mercato.reviews.ListingRatingChanged;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the search index in step with the catalog, reviews and orders. A catalog event is only a
 * trigger: the listing's current state is read through the catalog's API under a per-listing lock,
 * so events handled late or out of order still leave the index as the catalog is now.
 */
@Service
public class SearchIndexing {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexing.class);
    private static final int REBUILD_PAGE = 500;

    private final SearchIndex index;
    private final ListingManagement listings;
    private final CategoryManagement categories;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SearchIndexing(SearchIndex index, ListingManagement listings, CategoryManagement categories,
            TransactionTemplate transactions, Clock clock) {
        this.index = index;
        this.listings = listings;
        this.categories = categories;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What a rebuild did. */
    public record Rebuild(int indexed, int removed) {
    }

    @ApplicationModuleListener
    void on(ListingPublished published) {
        sync(published.listingId());
    }

    @ApplicationModuleListener
    void on(ListingWithdrawn withdrawn) {
        sync(withdrawn.listingId());
    }

    @ApplicationModuleListener
    void on(CategoryChanged changed) {
        syncCategories();
    }

    @ApplicationModuleListener
    void on(ListingRatingChanged changed) {
        index.rating(changed.listingId(), changed.count(), changed.mean(), changed.bayesianAverage());
    }

    @ApplicationModuleListener
    void on(OrderPaid paid) {
        List<String> bought = paid.lines().stream().map(OrderPaid.PaidLine::listingId).distinct().sorted().toList();
        for (String listing : bought) {
            index.sale(paid.orderId(), listing, paid.paidAt());
        }
    }

    /** Copies recorded sales and rating changes into the listings' rows; a loop runs it about once a second. */
    public int applyFresh() {
        return transactions.execute(tx -> index.applyFresh());
    }

    /** Rebuilds the index if it was never built (a database that predates search): demo and upgraded data become searchable. */
    @EventListener(ApplicationReadyEvent.class)
    void buildOnFirstStart() {
        if (!index.built()) {
            Rebuild done = rebuild();
            log.info("search index built from the catalog: {} listings", done.indexed());
        }
    }

    /** Reads the whole category tree and every published listing from the catalog into the index again. */
    public Rebuild rebuild() {
        transactions.executeWithoutResult(tx -> syncCategories());
        Set<String> published = new HashSet<>();
        String after = null;
        while (true) {
            List<Listing> page = listings.list(null, null, ListingStatus.PUBLISHED, Optional.empty(), after, REBUILD_PAGE);
            for (Listing listing : page) {
                published.add(listing.id());
                transactions.executeWithoutResult(tx -> sync(listing.id()));
            }
            if (page.size() < REBUILD_PAGE) {
                break;
            }
            after = page.getLast().id();
        }
        int removed = 0;
        String indexedAfter = "";
        while (true) {
            List<String> ids = index.indexedIds(indexedAfter, REBUILD_PAGE);
            for (String id : ids) {
                if (!published.contains(id)) {
                    removed += transactions.execute(tx -> {
                        index.lock(id);
                        return index.remove(id) ? 1 : 0;
                    });
                }
            }
            if (ids.size() < REBUILD_PAGE) {
                break;
            }
            indexedAfter = ids.getLast();
        }
        index.markBuilt(clock.instant());
        return new Rebuild(published.size(), removed);
    }

    /** Moves the popularity window on; the job runs it hourly. */
    public int rollSalesWindow() {
        return transactions.execute(tx -> index.rollSalesWindow(clock.instant()));
    }

    private void syncCategories() {
        index.lock("categories");
        index.replaceCategories(categories.tree());
    }

    /** Makes the index hold the listing's published version, or nothing if it is not published now. */
    private void sync(String listingId) {
        index.lock(listingId);
        ListingVersion published;
        try {
            published = listings.purchasable(listingId);
        } catch (ApiException notPublished) {
            index.remove(listingId);
            return;
        }
        if (!index.knowsCategory(published.categoryId())) {
            syncCategories();
        }
        index.upsert(published, clock.instant());
    }
}
