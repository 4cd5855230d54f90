package dev.mercato.catalog;

import java.util.Map;
import java.util.Set;

/**
 * The listing lifecycle, in one place: draft → published ⇄ unpublished, and any of them →
 * archived, which is final.
 */
public enum ListingStatus {
    DRAFT, PUBLISHED, UNPUBLISHED, ARCHIVED;

    private static final Map<ListingStatus, Set<ListingStatus>> NEXT = Map.of(
            DRAFT, Set.of(PUBLISHED, ARCHIVED),
            PUBLISHED, Set.of(UNPUBLISHED, ARCHIVED),
            UNPUBLISHED, Set.of(PUBLISHED, ARCHIVED),
            ARCHIVED, Set.of());

    public boolean canMoveTo(ListingStatus target) {
        return NEXT.get(this).contains(target);
    }

    public String code() {
        return name().toLowerCase();
    }

    public static ListingStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
