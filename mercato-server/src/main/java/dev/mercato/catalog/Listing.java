package dev.mercato.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A listing's working copy as its seller edits it. Buyers buy a {@link ListingVersion}: the
 * snapshot named by {@code publishedVersion}.
 */
public record Listing(String id, String sellerId, ListingKind kind, ListingStatus status, String title,
        String description, String categoryId, List<String> tags, long priceAmount, String priceCurrency,
        Map<String, Object> attributes, List<String> mediaUrls, List<ListingFile> files, Integer publishedVersion,
        int latestVersion, Instant createdAt, Instant updatedAt, Instant publishedAt, Instant archivedAt) {

    public boolean free() {
        return priceAmount == 0;
    }

    /** What the audit trail keeps of a listing before and after a change (the description only by length). */
    Map<String, Object> auditState() {
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("status", status.code());
        state.put("title", title);
        state.put("description_length", description.length());
        state.put("category_id", categoryId);
        state.put("tags", tags);
        state.put("price", priceAmount + " " + priceCurrency);
        state.put("files", files.stream().map(ListingFile::id).toList());
        state.put("published_version", publishedVersion);
        state.put("latest_version", latestVersion);
        return state;
    }
}
