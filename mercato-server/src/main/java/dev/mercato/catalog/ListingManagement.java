package dev.mercato.catalog;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.FileStorage;
import dev.mercato.platform.Ids;
import dev.mercato.platform.ReadCache;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, edits and moves listings through their lifecycle. Every change of a published listing
 * (fields or files) becomes a new immutable version at once; drafts and unpublished listings are
 * versioned when they are (re)published with changes.
 */
@Service
public class ListingManagement {

    /** Listing reads by id: hot, and every change of a listing starts in {@link #owned}, which invalidates the entry. */
    private static final ReadCache.Region<Listing> CACHED = new ReadCache.Region<>("listings", Listing.class);
    /**
     * What each listing sells now (its published version), read by every order: invalidated with
     * {@link #CACHED}, as publishing, unpublishing, archiving and every published change start in {@link #owned}.
     */
    private static final ReadCache.Region<ListingVersion> PURCHASABLE =
            new ReadCache.Region<>("purchasable_listings", ListingVersion.class);

    private final Listings listings;
    private final ListingVersions versions;
    private final ListingFiles files;
    private final Categories categories;
    private final FileStorage storage;
    private final ObjectProvider<PayoutReadiness> payoutReadiness;
    private final ApplicationEventPublisher events;
    private final ReadCache cache;
    private final Clock clock;
    private final long maxFileBytes;
    private final AuditLog audit;

    ListingManagement(Listings listings, ListingVersions versions, ListingFiles files, Categories categories,
            FileStorage storage, ObjectProvider<PayoutReadiness> payoutReadiness, ApplicationEventPublisher events,
            ReadCache cache, Clock clock, @Value("${mercato.catalog.max-file-bytes:104857600}") long maxFileBytes,
            AuditLog audit) {
        this.audit = audit;
        this.listings = listings;
        this.versions = versions;
        this.files = files;
        this.categories = categories;
        this.storage = storage;
        this.payoutReadiness = payoutReadiness;
        this.events = events;
        this.cache = cache;
        this.clock = clock;
        this.maxFileBytes = maxFileBytes;
    }

    @Transactional
    public Listing create(String sellerId, ListingDraft draft) {
        if (draft.kind() == null) {
            throw ApiException.invalid("invalid_kind", "kind must be course, digital_product, service or custom");
        }
        if (draft.title() == null || draft.priceAmount() == null || draft.priceCurrency() == null) {
            throw ApiException.invalid("validation_failed", "a listing needs title and price (amount and currency)");
        }
        ListingRules.checkShape(draft);
        requireCategoryExists(draft.categoryId());
        Instant now = clock.instant();
        Listing listing = new Listing(Ids.next("lst", clock), sellerId, draft.kind(), ListingStatus.DRAFT, draft.title(),
                orEmpty(draft.description()), draft.categoryId(), orEmpty(draft.tags()), draft.priceAmount(),
                draft.priceCurrency(), draft.attributes() == null ? Map.of() : draft.attributes(),
                orEmpty(draft.mediaUrls()), List.of(), null, 0, now, now, null, null);
        listings.insert(listing);
        return audited(null, listing);
    }

    @Transactional
    public Listing update(String id, Caller caller, ListingDraft changes) {
        if (changes.kind() != null) {
            throw ApiException.invalid("kind_is_fixed", "a listing's kind cannot change; create a new listing");
        }
        ListingRules.checkShape(changes);
        requireCategoryExists(changes.categoryId());
        Listing current = owned(id, caller).listing();
        requireEditable(current);
        Listing changed = apply(current, changes);
        Instant now = clock.instant();
        if (current.status() == ListingStatus.PUBLISHED) {
            requirePublishable(changed);
            listings.saveContent(changed, false, now);
            return audited(current, newVersion(changed, ListingStatus.PUBLISHED, now));
        }
        listings.saveContent(changed, true, now);
        return audited(current, reload(id));
    }

    @Transactional
    public Listing publish(String id, Caller caller) {
        Listings.Row row = owned(id, caller);
        Listing listing = row.listing();
        requireTransition(listing, ListingStatus.PUBLISHED);
        requirePublishable(listing);
        Instant now = clock.instant();
        if (row.changed() || listing.latestVersion() == 0) {
            return audited(listing, newVersion(listing, ListingStatus.PUBLISHED, now));
        }
        listings.saveStatus(id, ListingStatus.PUBLISHED, listing.latestVersion(), listing.latestVersion(), now);
        events.publishEvent(new ListingPublished(id, listing.sellerId(), listing.latestVersion()));
        return audited(listing, reload(id));
    }

    @Transactional
    public Listing unpublish(String id, Caller caller) {
        return withdraw(id, caller, ListingStatus.UNPUBLISHED);
    }

    @Transactional
    public Listing archive(String id, Caller caller) {
        return withdraw(id, caller, ListingStatus.ARCHIVED);
    }

    /** Stores a file for a listing; on a published listing the file is part of a new version at once. */
    @Transactional
    public ListingFile addFile(String id, Caller caller, String name, String contentType, InputStream content) {
        if (name == null || name.isBlank() || name.length() > 255 || name.contains("/") || name.contains("\\")) {
            throw ApiException.invalid("invalid_file_name", "name must be 1 to 255 characters without slashes");
        }
        Listing listing = owned(id, caller).listing();
        requireEditable(listing);
        String fileId = Ids.next("file", clock);
        FileStorage.StoredFile stored = storage.store("listings/" + id + "/" + fileId, content, maxFileBytes);
        ListingFile file = new ListingFile(fileId, id, name,
                contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType,
                stored.sizeBytes(), stored.sha256(), stored.key(), clock.instant());
        files.insert(file);
        audited(listing, afterFileChange(id));
        return file;
    }

    /** Removes a file from the listing's current content; versions already sold keep pointing at it. */
    @Transactional
    public Listing removeFile(String id, String fileId, Caller caller) {
        Listing listing = owned(id, caller).listing();
        requireEditable(listing);
        if (!files.remove(id, fileId, clock.instant())) {
            throw ApiException.notFound("file_not_found", "no file " + fileId + " on listing " + id);
        }
        return audited(listing, afterFileChange(id));
    }

    /** A listing as the caller may see it: published ones for anyone, others for their seller and admins. */
    public Optional<Listing> visible(String id, Optional<Caller> caller) {
        return cache.read(CACHED, id, () -> listings.find(id)).filter(l -> l.status() == ListingStatus.PUBLISHED
                || caller.map(c -> c.mayAccess(l.sellerId())).orElse(false));
    }

    /** Listings by seller, category and status; callers other than the seller or an admin see only published ones. */
    public List<Listing> list(String sellerId, String categoryId, ListingStatus status, Optional<Caller> caller,
            String startingAfter, int limit) {
        boolean mayFilterByStatus = sellerId != null && caller.map(c -> c.mayAccess(sellerId)).orElse(false);
        boolean admin = caller.map(Caller::admin).orElse(false);
        ListingStatus effective = admin || mayFilterByStatus ? status : ListingStatus.PUBLISHED;
        if (!admin && !mayFilterByStatus && status != null && status != ListingStatus.PUBLISHED) {
            return List.of();
        }
        return listings.list(new Listings.Filter(sellerId, categoryId, effective), startingAfter, limit);
    }

    public Optional<ListingVersion> version(String id, int version, Optional<Caller> caller) {
        return listings.find(id)
                .filter(l -> (l.publishedVersion() != null && version <= l.latestVersion())
                        || caller.map(c -> c.mayAccess(l.sellerId())).orElse(false))
                .flatMap(l -> versions.find(id, version));
    }

    /**
     * What a buyer can buy now: the published version of a listing. Orders record this version and
     * its price; the client never says what something costs.
     */
    public ListingVersion purchasable(String listingId) {
        Optional<ListingVersion> published = cache.read(PURCHASABLE, listingId, () -> versions.published(listingId));
        if (published.isPresent()) {
            return published.get();
        }
        Listing listing = listings.find(listingId)
                .orElseThrow(() -> ApiException.notFound("listing_not_found", "no listing " + listingId));
        if (listing.status() != ListingStatus.PUBLISHED) {
            throw new ApiException(422, "listing_not_available",
                    "listing " + listingId + " is " + listing.status().code() + " and cannot be bought");
        }
        return versions.find(listingId, listing.publishedVersion()).orElseThrow();
    }

    /** Opens a file that belongs to a listing, for delivery to a buyer entitled to it. */
    public Optional<ListingFile> file(String fileId) {
        return files.find(fileId);
    }

    public InputStream openFile(ListingFile file) {
        return storage.open(file.storageKey());
    }

    // ---- steps ----

    private Listing withdraw(String id, Caller caller, ListingStatus target) {
        Listing listing = owned(id, caller).listing();
        requireTransition(listing, target);
        listings.saveStatusOnly(id, target, clock.instant());
        if (listing.status() == ListingStatus.PUBLISHED) {
            events.publishEvent(new ListingWithdrawn(id, listing.sellerId(), target.code()));
        }
        return audited(listing, reload(id));
    }

    /** Records the change in the audit trail, inside this transaction; returns {@code after}. */
    private Listing audited(Listing before, Listing after) {
        audit.changed("listing", after.id(), before == null ? null : before.auditState(), after.auditState());
        return after;
    }

    private Listing afterFileChange(String id) {
        Listing listing = reload(id);
        Instant now = clock.instant();
        if (listing.status() == ListingStatus.PUBLISHED) {
            requirePublishable(listing);
            return newVersion(listing, ListingStatus.PUBLISHED, now);
        }
        listings.markChanged(id, now);
        return reload(id);
    }

    private Listing newVersion(Listing l, ListingStatus status, Instant now) {
        int version = l.latestVersion() + 1;
        versions.insert(new ListingVersion(l.id(), version, l.sellerId(), l.kind(), l.title(), l.description(),
                l.categoryId(), l.tags(), l.priceAmount(), l.priceCurrency(), l.attributes(), l.mediaUrls(),
                l.files().stream().map(ListingFile::id).toList(), now));
        listings.saveStatus(l.id(), status, version, version, now);
        events.publishEvent(new ListingPublished(l.id(), l.sellerId(), version));
        return reload(l.id());
    }

    private void requirePublishable(Listing listing) {
        Category category = listing.categoryId() == null ? null : categories.find(listing.categoryId()).orElse(null);
        boolean ready = listing.free() || payoutReadiness.stream().anyMatch(p -> p.isReady(listing.sellerId()));
        List<String> problems = ListingRules.publishingProblems(listing, category, ready);
        if (!problems.isEmpty()) {
            throw new ApiException(422, "listing_not_publishable", String.join("; ", problems),
                    Map.of("problems", problems));
        }
    }

    private static void requireTransition(Listing listing, ListingStatus target) {
        if (!listing.status().canMoveTo(target)) {
            throw new ApiException(409, "invalid_listing_transition",
                    "a " + listing.status().code() + " listing cannot become " + target.code());
        }
    }

    private static void requireEditable(Listing listing) {
        if (listing.status() == ListingStatus.ARCHIVED) {
            throw new ApiException(409, "listing_archived", "an archived listing cannot change");
        }
    }

    private void requireCategoryExists(String categoryId) {
        if (categoryId != null && categories.find(categoryId).isEmpty()) {
            throw ApiException.notFound("category_not_found", "no category " + categoryId);
        }
    }

    private Listings.Row owned(String id, Caller caller) {
        cache.invalidate(CACHED, id);
        cache.invalidate(PURCHASABLE, id);
        return listings.lock(id).filter(row -> caller.mayAccess(row.listing().sellerId()))
                .orElseThrow(() -> ApiException.notFound("listing_not_found", "no listing " + id));
    }

    private Listing reload(String id) {
        return listings.find(id).orElseThrow();
    }

    private static Listing apply(Listing l, ListingDraft c) {
        return new Listing(l.id(), l.sellerId(), l.kind(), l.status(), c.title() == null ? l.title() : c.title(),
                c.description() == null ? l.description() : c.description(),
                c.categoryId() == null ? l.categoryId() : c.categoryId(), c.tags() == null ? l.tags() : c.tags(),
                c.priceAmount() == null ? l.priceAmount() : c.priceAmount(),
                c.priceCurrency() == null ? l.priceCurrency() : c.priceCurrency(),
                c.attributes() == null ? l.attributes() : c.attributes(),
                c.mediaUrls() == null ? l.mediaUrls() : c.mediaUrls(), l.files(), l.publishedVersion(),
                l.latestVersion(), l.createdAt(), l.updatedAt(), l.publishedAt(), l.archivedAt());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
