package dev.mercato.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A published listing as search shows it. {@code highlights} mark the query's matches with
 * {@code <mark>…</mark>} in otherwise HTML-escaped text; present only for text queries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(String id, String object, int version, String sellerId, String kind, String title,
        String description, String categoryId, List<String> tags, Price price, Rating rating,
        @JsonProperty("sales_30d") int sales30d, Instant publishedAt, Highlights highlights, Float score) {

    public record Price(long amount, String currency) {
    }

    /** Approved reviews: how many, their mean, and the Bayesian average that "sort by rating" uses. */
    public record Rating(int count, double mean, double bayesianAverage) {
    }

    public record Highlights(String title, String description) {
    }

    SearchHit withHighlights(Highlights h) {
        return new SearchHit(id, object, version, sellerId, kind, title, description, categoryId, tags, price, rating,
                sales30d, publishedAt, h, score);
    }
}
