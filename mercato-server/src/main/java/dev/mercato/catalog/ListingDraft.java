package dev.mercato.catalog;

import java.util.List;
import java.util.Map;

/**
 * Fields a seller sets on a listing. On create, {@code kind}, {@code title} and the price are
 * required; on update every null field is left as it was.
 */
public record ListingDraft(ListingKind kind, String title, String description, String categoryId, List<String> tags,
        Long priceAmount, String priceCurrency, Map<String, Object> attributes, List<String> mediaUrls) {
}
