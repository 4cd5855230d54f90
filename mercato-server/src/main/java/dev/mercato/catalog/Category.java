package dev.mercato.catalog;

import java.time.Instant;

/** A node of the operator-managed category tree. Listings in an inactive category cannot be published. */
public record Category(String id, String parentId, String name, String slug, boolean active, Instant createdAt) {
}
