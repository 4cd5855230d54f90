package dev.mercato.search;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How results are ordered. Every order ends with the listing id so that the cursor (the sort key
 * and id of the last row) names one position exactly, whatever is added meanwhile.
 */
public enum SearchSort {
    RELEVANCE("ts_rank(s.document, %s)", "real", true),
    NEWEST("s.published_at", "timestamptz", true),
    PRICE_ASC("s.price_amount", "bigint", false),
    PRICE_DESC("s.price_amount", "bigint", true),
    RATING("s.rating_bayesian", "double precision", true),
    POPULARITY("s.sales_30d", "integer", true);

    private final String key;
    private final String type;
    private final boolean descending;

    SearchSort(String key, String type, boolean descending) {
        this.key = key;
        this.type = type;
        this.descending = descending;
    }

    /** The SQL expression of the sort key; {@code tsquery} is the query expression for relevance. */
    String key(String tsquery) {
        return key.formatted(tsquery);
    }

    String type() {
        return type;
    }

    boolean descending() {
        return descending;
    }

    public String code() {
        return name().toLowerCase();
    }

    public static SearchSort of(String code) {
        for (SearchSort sort : values()) {
            if (sort.code().equals(code)) {
                return sort;
            }
        }
        throw new IllegalArgumentException("sort must be one of "
                + Arrays.stream(values()).map(SearchSort::code).collect(Collectors.joining(", ")));
    }
}
