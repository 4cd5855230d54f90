package dev.mercato.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An immutable snapshot of a listing as it was offered; an order records which one it bought. */
public record ListingVersion(String listingId, int version, String sellerId, ListingKind kind, String title,
        String description, String categoryId, List<String> tags, long priceAmount, String priceCurrency,
        Map<String, Object> attributes, List<String> mediaUrls, List<String> fileIds, Instant createdAt) {
}
