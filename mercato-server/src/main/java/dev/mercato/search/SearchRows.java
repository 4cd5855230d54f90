package dev.mercato.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** What search and featured read of an indexed listing, and the rule of what buyers may see. */
final class SearchRows {

    static final String COLUMNS = """
            s.listing_id, s.version, s.seller_id, s.kind, s.title, s.description, s.tags, s.category_id, s.price_amount,
            s.price_currency, s.published_at, s.rating_count, s.rating_mean, s.rating_bayesian, s.sales_30d""";

    /**
     * Published listings are the index's rows; of those, buyers see the ones whose category and every
     * category above it are active. The inactive set is tiny, so it is one array for the whole query.
     */
    static final String VISIBLE =
            "NOT (s.category_path && (SELECT coalesce(array_agg(id), '{}') FROM search_categories WHERE NOT active))";

    private SearchRows() {
    }

    static SearchHit hit(ResultSet rs, Float score) throws SQLException {
        String[] tags = (String[]) rs.getArray("tags").getArray();
        return new SearchHit(rs.getString("listing_id"), "search_hit", rs.getInt("version"), rs.getString("seller_id"),
                rs.getString("kind"), rs.getString("title"), rs.getString("description"), rs.getString("category_id"),
                List.of(tags), new SearchHit.Price(rs.getLong("price_amount"), rs.getString("price_currency")),
                new SearchHit.Rating(rs.getInt("rating_count"), rs.getDouble("rating_mean"), rs.getDouble("rating_bayesian")),
                rs.getInt("sales_30d"), rs.getTimestamp("published_at").toInstant(), null, score);
    }
}
