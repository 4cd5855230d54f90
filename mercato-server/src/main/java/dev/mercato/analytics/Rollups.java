package dev.mercato.analytics;

import dev.mercato.ledger.Allocation;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The write side: raw views, paid lines and refunds, and the daily rollups kept current in the same
 * statement or transaction that records them. Rollup rows are upserted in one fixed order (scope,
 * then key) within a statement, so concurrent writers touching the same seller and category rows
 * wait for each other instead of deadlocking.
 */
@Repository
class Rollups {

    static final String NO_CATEGORY = "none";

    /** One paid order line, as recorded. */
    record PaidLine(int line, String listingId, String sellerId, String categoryId, long price, long refunded) {

        long remaining() {
            return price - refunded;
        }
    }

    private final JdbcClient jdbc;

    Rollups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the listing is known here, and its seller. */
    Optional<String> sellerOf(String listingId) {
        return jdbc.sql("SELECT seller_id FROM analytics_listings WHERE listing_id = :id").param("id", listingId)
                .query(String.class).optional();
    }

    /** Remembers a listing's seller; {@code firstPublishedAt} (its first publication) is set once. */
    void listing(String listingId, String sellerId, Instant firstPublishedAt) {
        jdbc.sql("""
                INSERT INTO analytics_listings (listing_id, seller_id, first_published_at) VALUES (:id, :seller, :at)
                ON CONFLICT (listing_id) DO UPDATE
                  SET first_published_at = coalesce(analytics_listings.first_published_at, EXCLUDED.first_published_at)""")
                .param("id", listingId).param("seller", sellerId)
                .param("at", firstPublishedAt == null ? null : Timestamp.from(firstPublishedAt)).update();
    }

    /**
     * Records a view unless the visitor already viewed the listing that UTC day, and counts it in the
     * listing's, seller's and category's rollup of the day, all in one statement. Returns whether it counted.
     */
    boolean view(String listingId, String sellerId, String categoryId, String visitor, Instant at) {
        return jdbc.sql("""
                WITH viewed AS (
                  INSERT INTO analytics_views (listing_id, day, visitor, viewed_at) VALUES (:listing, :day, :visitor, :at)
                  ON CONFLICT DO NOTHING
                  RETURNING 1),
                counted AS (
                  INSERT INTO analytics_view_days (scope, key, day, owner, views)
                  SELECT s.scope, s.key, :day, s.owner, 1
                  FROM viewed, (VALUES ('listing', :listing, :seller), ('seller', :seller, NULL),
                                       ('category', :category, NULL)) AS s (scope, key, owner)
                  ORDER BY s.scope, s.key
                  ON CONFLICT (scope, key, day) DO UPDATE SET views = analytics_view_days.views + 1
                  RETURNING 1)
                SELECT count(*) FROM viewed""")
                .param("listing", listingId).param("seller", sellerId).param("category", category(categoryId))
                .param("visitor", visitor).param("day", Date.valueOf(Window.today(at))).param("at", Timestamp.from(at))
                .query(Long.class).single() > 0;
    }

    /** Inserts the order's lines; false when they were recorded before (a redelivered event). */
    boolean paidLines(String orderId, String currency, Instant paidAt, List<PaidLine> lines) {
        int inserted = 0;
        for (PaidLine l : lines) {
            inserted += jdbc.sql("""
                    INSERT INTO analytics_order_lines (order_id, line, listing_id, seller_id, category_id, currency, price, paid_at)
                    VALUES (:order, :line, :listing, :seller, :category, :currency, :price, :at)
                    ON CONFLICT DO NOTHING""")
                    .param("order", orderId).param("line", l.line()).param("listing", l.listingId())
                    .param("seller", l.sellerId()).param("category", category(l.categoryId()))
                    .param("currency", currency).param("price", l.price()).param("at", Timestamp.from(paidAt)).update();
        }
        return inserted > 0;
    }

    /** The order in which a sale's rollup rows are locked: narrowest first, the most shared last. */
    private static final List<String> LOCK_ORDER = List.of("listing", "seller", "category");

    /** Adds purchases, gross or refunded amounts of lines to the rollups of {@code day}. */
    void addSales(LocalDate day, String currency, List<PaidLine> lines, long[] refunded, boolean purchases) {
        record Row(String scope, String key, String owner, long purchases, long gross, long refunded) {
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            PaidLine l = lines.get(i);
            long count = purchases ? 1 : 0;
            long gross = purchases ? l.price() : 0;
            long back = refunded == null ? 0 : refunded[i];
            rows.add(new Row("listing", l.listingId(), l.sellerId(), count, gross, back));
            rows.add(new Row("seller", l.sellerId(), null, count, gross, back));
            rows.add(new Row("category", category(l.categoryId()), null, count, gross, back));
        }
        // Sum rows for the same key first (an upsert may not touch one row twice), in lock order: the
        // narrowest scopes first, so a category's row — the one most sales share — is locked last,
        // by the same single statement, and held for the shortest time.
        List<Row> merged = new ArrayList<>();
        rows.stream().sorted(Comparator.comparing((Row r) -> LOCK_ORDER.indexOf(r.scope())).thenComparing(Row::key)).forEach(r -> {
            Row last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && last.scope().equals(r.scope()) && last.key().equals(r.key())) {
                merged.set(merged.size() - 1, new Row(r.scope(), r.key(), r.owner(), last.purchases() + r.purchases(),
                        last.gross() + r.gross(), last.refunded() + r.refunded()));
            } else {
                merged.add(r);
            }
        });
        if (merged.isEmpty()) {
            return;
        }
        StringBuilder values = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        params.put("day", Date.valueOf(day));
        params.put("currency", currency);
        for (int i = 0; i < merged.size(); i++) {
            Row r = merged.get(i);
            values.append(i == 0 ? "" : ", ").append("(:scope%1$d, :key%1$d, :owner%1$d, :purchases%1$d, :gross%1$d, :refunded%1$d, %1$d)".formatted(i));
            params.put("scope" + i, r.scope());
            params.put("key" + i, r.key());
            params.put("owner" + i, r.owner());
            params.put("purchases" + i, r.purchases());
            params.put("gross" + i, r.gross());
            params.put("refunded" + i, r.refunded());
        }
        jdbc.sql("""
                INSERT INTO analytics_sale_days (scope, key, day, currency, owner, purchases, gross, refunded)
                SELECT scope, key, :day, :currency, owner, purchases, gross, refunded
                FROM (VALUES %s) AS r (scope, key, owner, purchases, gross, refunded, n) ORDER BY n
                ON CONFLICT (scope, key, day, currency) DO UPDATE
                  SET purchases = analytics_sale_days.purchases + EXCLUDED.purchases,
                      gross = analytics_sale_days.gross + EXCLUDED.gross,
                      refunded = analytics_sale_days.refunded + EXCLUDED.refunded""".formatted(values))
                .params(params).update();
    }

    /** Serialises the recording of one order's payment and refunds, whichever event comes first. */
    void lockOrder(String orderId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('analytics:' || :order, 0))").param("order", orderId)
                .query((rs, n) -> 1).single();
    }

    /** Records a refund once; false when it was seen before. */
    boolean refund(String refundId, String orderId, String currency, long amount, boolean full, Instant at) {
        return jdbc.sql("""
                INSERT INTO analytics_refunds (refund_id, order_id, currency, amount, full_refund, refunded_at)
                VALUES (:id, :order, :currency, :amount, :full, :at) ON CONFLICT DO NOTHING""")
                .param("id", refundId).param("order", orderId).param("currency", currency).param("amount", amount)
                .param("full", full).param("at", Timestamp.from(at)).update() > 0;
    }

    /** A refund waiting for its order's lines. */
    record PendingRefund(String refundId, String currency, long amount, boolean full, Instant at) {
    }

    List<PendingRefund> pendingRefunds(String orderId) {
        return jdbc.sql("""
                SELECT refund_id, currency, amount, full_refund, refunded_at FROM analytics_refunds
                WHERE order_id = :order AND NOT applied ORDER BY refunded_at, refund_id""")
                .param("order", orderId)
                .query((rs, n) -> new PendingRefund(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    List<PaidLine> lines(String orderId) {
        return jdbc.sql("""
                SELECT line, listing_id, seller_id, category_id, price, refunded FROM analytics_order_lines
                WHERE order_id = :order ORDER BY line""")
                .param("order", orderId)
                .query((rs, n) -> new PaidLine(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6)))
                .list();
    }

    /**
     * Attributes a refund to the order's lines: a full refund takes what is left of each; a partial
     * one is spread over the lines in proportion to what is left of each (exact for one-line
     * orders), never more than is left. Returns each line's part.
     */
    long[] applyRefund(String refundId, String orderId, List<PaidLine> lines, long amount, boolean full) {
        long[] remaining = lines.stream().mapToLong(PaidLine::remaining).toArray();
        long left = Arrays.stream(remaining).sum();
        long[] parts;
        if (left == 0) {
            parts = new long[lines.size()];
        } else if (full || amount >= left) {
            parts = remaining;
        } else {
            parts = Allocation.largestRemainder(amount, remaining);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (parts[i] > 0) {
                jdbc.sql("UPDATE analytics_order_lines SET refunded = refunded + :part WHERE order_id = :order AND line = :line")
                        .param("part", parts[i]).param("order", orderId).param("line", lines.get(i).line()).update();
            }
        }
        jdbc.sql("UPDATE analytics_refunds SET applied = true WHERE refund_id = :id").param("id", refundId).update();
        return parts;
    }

    /** Deletes raw views older than {@code before}, at most {@code limit} of them. */
    int pruneViews(Instant before, int limit) {
        return jdbc.sql("""
                DELETE FROM analytics_views WHERE (listing_id, day, visitor) IN (
                  SELECT listing_id, day, visitor FROM analytics_views WHERE viewed_at < :before ORDER BY viewed_at LIMIT :limit)""")
                .param("before", Timestamp.from(before)).param("limit", limit).update();
    }

    static String category(String categoryId) {
        return categoryId == null ? NO_CATEGORY : categoryId;
    }
}
