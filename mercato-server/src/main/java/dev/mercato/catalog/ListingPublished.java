package dev.mercato.catalog;

/** A listing became visible to buyers, or a published listing changed (a new version). */
public record ListingPublished(String listingId, String sellerId, int version) {
}
