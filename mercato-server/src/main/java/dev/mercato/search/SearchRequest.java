package dev.mercato.search;

import dev.mercato.catalog.ListingKind;
import dev.mercato.platform.ApiException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One search or browse request, checked: a blank query means browse. Filters that are null apply
 * no restriction; {@code tags} must all be present on a listing.
 */
public record SearchRequest(String query, String categoryId, List<String> tags, ListingKind kind, String sellerId,
        Long minPrice, Long maxPrice, String currency, Double minRating, Boolean free, SearchSort sort, String cursor,
        int limit, boolean facets) {

    /** Longer queries are refused rather than cut: a cut query would silently search for something else. */
    public static final int MAX_QUERY_LENGTH = 200;
    public static final int MAX_TAGS = 10;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3,10}");

    /** A query of only white space is no query: browse. */
    public boolean browse() {
        return query.isBlank();
    }

    public SearchRequest {
        query = query == null ? "" : query;
        if (query.length() > MAX_QUERY_LENGTH) {
            throw ApiException.invalid("query_too_long", "q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if ((minPrice != null && minPrice < 0) || (maxPrice != null && maxPrice < 0)) {
            throw ApiException.invalid("invalid_price_range", "min_price and max_price must not be negative");
        }
        if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
            throw ApiException.invalid("invalid_price_range", "min_price must not be above max_price");
        }
        if (minRating != null && (minRating.isNaN() || minRating < 0 || minRating > 5)) {
            throw ApiException.invalid("invalid_rating", "min_rating must be between 0 and 5");
        }
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw ApiException.invalid("invalid_currency", "currency is an upper-case code such as USD");
        }
        tags = tags == null ? List.of() : tags.stream().map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
        if (tags.size() > MAX_TAGS) {
            throw ApiException.invalid("too_many_tags", "at most " + MAX_TAGS + " tags");
        }
        if (sort == null) {
            sort = SearchSort.RELEVANCE;
        }
    }
}
