package dev.mercato.catalog;

import java.time.Instant;

/** A file of a digital product; its bytes live in the file storage under {@code storageKey}. */
public record ListingFile(String id, String listingId, String name, String contentType, long sizeBytes, String sha256,
        String storageKey, Instant createdAt) {
}
