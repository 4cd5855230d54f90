package dev.mercato.catalog;

/**
 * A category was created, renamed, activated or deactivated. Listings in an inactive category (or
 * below one) are not offered to buyers; listeners such as search read the tree again.
 */
public record CategoryChanged(String categoryId, String parentId, boolean active) {
}
