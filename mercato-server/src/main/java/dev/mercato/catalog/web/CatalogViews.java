package dev.mercato.catalog.web;

import dev.mercato.catalog.Category;
import dev.mercato.catalog.Listing;
import dev.mercato.catalog.ListingDraft;
import dev.mercato.catalog.ListingFile;
import dev.mercato.catalog.ListingKind;
import dev.mercato.catalog.ListingVersion;
import dev.mercato.platform.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** JSON shapes of the catalog API. */
final class CatalogViews {

    private CatalogViews() {
    }

    record PriceBody(Long amount, String currency) {
    }

    record ListingBody(String kind, String title, String description, String categoryId, List<String> tags,
            PriceBody price, Map<String, Object> attributes, List<String> mediaUrls) {

        ListingDraft toDraft() {
            ListingKind parsed = null;
            if (kind != null) {
                try {
                    parsed = ListingKind.of(kind);
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid("invalid_kind", "kind must be course, digital_product, service or custom");
                }
            }
            return new ListingDraft(parsed, title, description, categoryId, tags, price == null ? null : price.amount(),
                    price == null ? null : price.currency(), attributes, mediaUrls);
        }
    }

    record Price(long amount, String currency) {
    }

    record FileView(String id, String object, String name, String contentType, long sizeBytes, String sha256,
            Instant createdAt) {
        static FileView of(ListingFile f) {
            return new FileView(f.id(), "listing_file", f.name(), f.contentType(), f.sizeBytes(), f.sha256(), f.createdAt());
        }
    }

    record ListingView(String id, String object, String sellerId, String kind, String status, String title,
            String description, String categoryId, List<String> tags, Price price, Map<String, Object> attributes,
            List<String> mediaUrls, List<FileView> files, Integer publishedVersion, int latestVersion,
            Instant createdAt, Instant updatedAt, Instant publishedAt, Instant archivedAt) {

        static ListingView of(Listing l) {
            return new ListingView(l.id(), "listing", l.sellerId(), l.kind().code(), l.status().code(), l.title(),
                    l.description(), l.categoryId(), l.tags(), new Price(l.priceAmount(), l.priceCurrency()),
                    l.attributes(), l.mediaUrls(), l.files().stream().map(FileView::of).toList(), l.publishedVersion(),
                    l.latestVersion(), l.createdAt(), l.updatedAt(), l.publishedAt(), l.archivedAt());
        }
    }

    record VersionView(String listingId, String object, int version, String sellerId, String kind, String title,
            String description, String categoryId, List<String> tags, Price price, Map<String, Object> attributes,
            List<String> mediaUrls, List<String> fileIds, Instant createdAt) {

        static VersionView of(ListingVersion v) {
            return new VersionView(v.listingId(), "listing_version", v.version(), v.sellerId(), v.kind().code(), v.title(),
                    v.description(), v.categoryId(), v.tags(), new Price(v.priceAmount(), v.priceCurrency()),
                    v.attributes(), v.mediaUrls(), v.fileIds(), v.createdAt());
        }
    }

    record CategoryBody(String name, String slug, String parentId, Boolean active) {
    }

    record CategoryView(String id, String object, String parentId, String name, String slug, boolean active,
            Instant createdAt) {
        static CategoryView of(Category c) {
            return new CategoryView(c.id(), "category", c.parentId(), c.name(), c.slug(), c.active(), c.createdAt());
        }
    }
}
