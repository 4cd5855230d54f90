package dev.mercato.search.web;

import dev.mercato.catalog.ListingKind;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditExempt;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.search.ListingSearch;
import dev.mercato.search.SearchIndexing;
import dev.mercato.search.SearchRequest;
import dev.mercato.search.SearchResult;
import dev.mercato.search.SearchSort;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Search and browse published listings; anyone may call it, no key needed. */
@RestController
class SearchController {

    private final ListingSearch search;
    private final SearchIndexing indexing;

    SearchController(ListingSearch search, SearchIndexing indexing) {
        this.search = search;
        this.indexing = indexing;
    }

    @GetMapping("/v1/search/listings")
    SearchResult search(@RequestParam(required = false) String q,
            @RequestParam(name = "category_id", required = false) String categoryId,
            @RequestParam(required = false) List<String> tags, @RequestParam(required = false) String kind,
            @RequestParam(name = "seller_id", required = false) String sellerId,
            @RequestParam(name = "min_price", required = false) String minPrice,
            @RequestParam(name = "max_price", required = false) String maxPrice,
            @RequestParam(required = false) String currency,
            @RequestParam(name = "min_rating", required = false) String minRating,
            @RequestParam(required = false) String free, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String facets) {
        return search.search(new SearchRequest(q, blankToNull(categoryId), splitTags(tags), kind(kind),
                blankToNull(sellerId), amount("min_price", minPrice), amount("max_price", maxPrice), blankToNull(currency),
                rating(minRating), bool("free", free), sort(sort), blankToNull(cursor), Page.limit(integer("limit", limit)),
                !Boolean.FALSE.equals(bool("facets", facets))));
    }

    /** Operators: read the whole catalog into the index again (after a restore, or to repair it). */
    @AuditExempt("rebuilds a derived index from the catalog; no business object changes")
    @PostMapping("/v1/admin/search/rebuild")
    SearchIndexing.Rebuild rebuild(Caller caller) {
        caller.requireAdmin();
        return indexing.rebuild();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static List<String> splitTags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        for (String value : tags) {
            for (String tag : value.split(",")) {
                all.add(tag);
            }
        }
        return all;
    }

    private static ListingKind kind(String kind) {
        if (blankToNull(kind) == null) {
            return null;
        }
        try {
            return ListingKind.of(kind.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_kind", "kind must be course, digital_product, service or custom");
        }
    }

    private static SearchSort sort(String sort) {
        if (blankToNull(sort) == null) {
            return null;
        }
        try {
            return SearchSort.of(sort.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_sort", e.getMessage());
        }
    }

    private static Long amount(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("invalid_price_range", name + " is an amount in minor units, such as 1999");
        }
    }

    private static Double rating(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("invalid_rating", "min_rating must be between 0 and 5");
        }
    }

    static Integer integer(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("invalid_" + name, name + " must be a whole number");
        }
    }

    private static Boolean bool(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid("invalid_" + name, name + " must be true or false");
        };
    }
}
