package dev.mercato.catalog;

/** A listing stopped being visible to buyers: unpublished or archived. */
public record ListingWithdrawn(String listingId, String sellerId, String status) {
}
