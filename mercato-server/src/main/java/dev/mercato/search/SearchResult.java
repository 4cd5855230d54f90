package dev.mercato.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of search or browse results, with facet counts for the whole query and the featured
 * listings that match it as a block of their own (never mixed into {@code data}).
 *
 * @param total          matching listings; when {@code totalExact} is false it is a lower bound (counting stopped at the cap)
 * @param rankedExact    for a text query sorted by relevance: false when more listings matched than the cap
 *                       ({@code mercato.search.facet-cap}) and only the first cap found — title and tag
 *                       matches first — were ranked (null for other sorts and browsing)
 * @param correctedQuery the query actually run when the one given matched nothing and a spelling
 *                       correction did (null otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResult(String object, String query, String correctedQuery, String sort, List<SearchHit> data,
        boolean hasMore, String nextCursor, Long total, Boolean totalExact, Boolean rankedExact, Facets facets, List<FeaturedHit> featured) {

    /** Counts per value of each facet, over the same matches as {@code total}. */
    public record Facets(List<CategoryCount> category, List<ValueCount> kind, List<PriceBucket> price,
            List<RatingCount> rating) {
    }

    public record CategoryCount(String id, String name, long count) {
    }

    public record ValueCount(String value, long count) {
    }

    /** Prices in minor units of the listing's currency; {@code max} is exclusive and null for the open top bucket. */
    public record PriceBucket(String bucket, long min, Long max, long count) {
    }

    /** Listings whose mean rating is at least {@code min} stars. */
    public record RatingCount(int min, long count) {
    }
}
