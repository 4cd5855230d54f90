package dev.mercato.search;

import dev.mercato.catalog.Category;
import dev.mercato.catalog.ListingVersion;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes of the search module's own tables: the listing index, the category mirror, words, ratings and sales. */
@Repository
class SearchIndex {

    static final java.time.Duration SALES_WINDOW = java.time.Duration.ofDays(30);

    private final JdbcClient jdbc;

    SearchIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serializes index work on one key (a listing, or the category tree) until the transaction ends. */
    void lock(String key) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('search:' || :key))").param("key", key).query(Object.class).single();
    }

    /** Replaces the mirror of the category tree; {@code tree} lists parents before their children. */
    void replaceCategories(List<Category> tree) {
        Map<String, List<String>> paths = new HashMap<>();
        for (Category c : tree) {
            List<String> path = new ArrayList<>(c.parentId() == null ? List.of() : paths.getOrDefault(c.parentId(), List.of()));
            path.add(c.id());
            paths.put(c.id(), path);
            jdbc.sql("""
                    INSERT INTO search_categories (id, parent_id, name, active, path) VALUES (:id, :parent, :name, :active, :path)
                    ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, name = EXCLUDED.name,
                        active = EXCLUDED.active, path = EXCLUDED.path""")
                    .param("id", c.id()).param("parent", c.parentId()).param("name", c.name()).param("active", c.active())
                    .param("path", path.toArray(String[]::new)).update();
        }
    }

    boolean knowsCategory(String id) {
        return jdbc.sql("SELECT count(*) FROM search_categories WHERE id = :id").param("id", id).query(Long.class).single() > 0;
    }

    /**
     * Indexes a published version, keeping the rating and sales the index already knows for the
     * listing. A listing new to the index counts its applied sales of the window; once in the index,
     * only {@link #applyFresh} (+n, the latest rating) and {@link #rollSalesWindow} (−n) change its
     * count and rating, so a concurrent apply is never overwritten.
     */
    void upsert(ListingVersion v, Instant now) {
        jdbc.sql("""
                INSERT INTO search_listings (listing_id, version, seller_id, kind, title, description, tags, category_id,
                    category_path, price_amount, price_currency, published_at, rating_count, rating_mean, rating_bayesian,
                    sales_30d)
                SELECT :id, :version, :seller, :kind, :title, :description, :tags, :category,
                       coalesce((SELECT path FROM search_categories WHERE id = :category), ARRAY[CAST(:category AS text)]),
                       :amount, :currency, :published, coalesce(r.count, 0), coalesce(r.mean, 0), coalesce(r.bayesian, 0),
                       (SELECT count(*) FROM search_sales x WHERE x.listing_id = :id AND x.paid_at > :since
                        AND NOT EXISTS (SELECT 1 FROM search_sales_fresh f
                                        WHERE f.order_id = x.order_id AND f.listing_id = x.listing_id))
                FROM (SELECT 1) one LEFT JOIN search_ratings r ON r.listing_id = :id
                ON CONFLICT (listing_id) DO UPDATE SET version = EXCLUDED.version, seller_id = EXCLUDED.seller_id,
                    kind = EXCLUDED.kind, title = EXCLUDED.title, description = EXCLUDED.description, tags = EXCLUDED.tags,
                    category_id = EXCLUDED.category_id, category_path = EXCLUDED.category_path,
                    price_amount = EXCLUDED.price_amount, price_currency = EXCLUDED.price_currency,
                    published_at = EXCLUDED.published_at""")
                .param("id", v.listingId()).param("version", v.version()).param("seller", v.sellerId())
                .param("kind", v.kind().code()).param("title", v.title()).param("description", v.description())
                .param("tags", v.tags().toArray(String[]::new)).param("category", v.categoryId())
                .param("amount", v.priceAmount()).param("currency", v.priceCurrency())
                .param("published", Timestamp.from(v.createdAt())).param("since", Timestamp.from(now.minus(SALES_WINDOW)))
                .update();
        jdbc.sql("""
                INSERT INTO search_words (word)
                SELECT DISTINCT w FROM regexp_split_to_table(lower(:text), '[^[:alnum:]]+') w WHERE length(w) BETWEEN 3 AND 40
                ON CONFLICT DO NOTHING""")
                .param("text", v.title() + " " + String.join(" ", v.tags())).update();
    }

    boolean remove(String listingId) {
        return jdbc.sql("DELETE FROM search_listings WHERE listing_id = :id").param("id", listingId).update() > 0;
    }

    /** Ids in the index after {@code after}, in id order. */
    List<String> indexedIds(String after, int limit) {
        return jdbc.sql("SELECT listing_id FROM search_listings WHERE listing_id > :after ORDER BY listing_id LIMIT :limit")
                .param("after", after).param("limit", limit).query(String.class).list();
    }

    /** Records a listing's rating; {@link #applyFresh} copies it into the listing's row. */
    void rating(String listingId, int count, double mean, double bayesian) {
        jdbc.sql("""
                INSERT INTO search_ratings (listing_id, count, mean, bayesian) VALUES (:id, :count, :mean, :bayesian)
                ON CONFLICT (listing_id) DO UPDATE SET count = EXCLUDED.count, mean = EXCLUDED.mean, bayesian = EXCLUDED.bayesian""")
                .param("id", listingId).param("count", count).param("mean", mean).param("bayesian", bayesian).update();
        jdbc.sql("INSERT INTO search_ratings_fresh (listing_id) VALUES (:id) ON CONFLICT DO NOTHING").param("id", listingId)
                .update();
    }

    /**
     * Records one sale of an order line, to be added to the listing's count by {@link #applyFresh};
     * a redelivered event records nothing twice. Two narrow inserts: a purchase never updates, nor
     * waits for, the listing's row.
     */
    void sale(String orderId, String listingId, Instant paidAt) {
        jdbc.sql("""
                WITH sale AS (INSERT INTO search_sales (order_id, listing_id, paid_at) VALUES (:order, :listing, :at)
                              ON CONFLICT DO NOTHING RETURNING order_id, listing_id)
                INSERT INTO search_sales_fresh (order_id, listing_id) SELECT order_id, listing_id FROM sale""")
                .param("order", orderId).param("listing", listingId).param("at", Timestamp.from(paidAt)).update();
    }

    /**
     * Applies the sales and ratings recorded since the last call to the listings' rows: one update
     * per changed listing however many purchases it had (+n sales), under a lock that serializes
     * this with {@link #rollSalesWindow} across instances. Sales of a listing not in the index wait
     * until it is (its first {@link #upsert} leaves them out of its count). Returns the rows changed.
     */
    int applyFresh() {
        lock("apply-fresh");
        int sales = jdbc.sql("""
                WITH fresh AS (DELETE FROM search_sales_fresh f USING search_listings s WHERE s.listing_id = f.listing_id
                               RETURNING f.listing_id),
                     n AS (SELECT listing_id, count(*) AS n FROM fresh GROUP BY listing_id)
                UPDATE search_listings s SET sales_30d = s.sales_30d + n.n FROM n WHERE s.listing_id = n.listing_id""")
                .update();
        int ratings = jdbc.sql("""
                WITH fresh AS (DELETE FROM search_ratings_fresh f USING search_listings s WHERE s.listing_id = f.listing_id
                               RETURNING f.listing_id)
                UPDATE search_listings s SET rating_count = r.count, rating_mean = r.mean, rating_bayesian = r.bayesian
                FROM fresh JOIN search_ratings r ON r.listing_id = fresh.listing_id
                WHERE s.listing_id = r.listing_id""")
                .update();
        return sales + ratings;
    }

    /**
     * Moves the 30-day window to {@code now}: forgets the applied sales that fell out of it and
     * subtracts them from their listings' counts (no recount). Returns how many listings changed.
     */
    int rollSalesWindow(Instant now) {
        lock("apply-fresh");
        return jdbc.sql("""
                WITH gone AS (DELETE FROM search_sales x WHERE x.paid_at <= :since
                                AND NOT EXISTS (SELECT 1 FROM search_sales_fresh f
                                                WHERE f.order_id = x.order_id AND f.listing_id = x.listing_id)
                              RETURNING x.listing_id),
                     n AS (SELECT listing_id, count(*) AS n FROM gone GROUP BY listing_id)
                UPDATE search_listings s SET sales_30d = greatest(0, s.sales_30d - n.n) FROM n
                WHERE s.listing_id = n.listing_id""")
                .param("since", Timestamp.from(now.minus(SALES_WINDOW))).update();
    }

    boolean built() {
        return jdbc.sql("SELECT built_at IS NOT NULL FROM search_index_state").query(Boolean.class).single();
    }

    void markBuilt(Instant at) {
        jdbc.sql("UPDATE search_index_state SET built_at = :at").param("at", Timestamp.from(at)).update();
    }
}
