package dev.mercato.analytics;

import dev.mercato.analytics.MarketplaceAnalytics.Revenue;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The read side: sums of the daily rollups over windows, daily series, rankings, and the live
 * figures from raw rows. Every query reads at most 30 days of one scope through an index.
 */
@Repository
class AnalyticsQueries {

    /**
     * Which rollup rows to read: one scope, and within it one key, one owner's listings, or all.
     *
     * @param key   one listing, seller or category; null for every key of the scope
     * @param owner for scope {@code listing}: only this seller's listings; else null
     */
    record Selection(String scope, String key, String owner) {

        String where() {
            return "scope = :scope" + (key == null ? "" : " AND key = :key") + (owner == null ? "" : " AND owner = :owner");
        }

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql) {
            sql = sql.param("scope", scope);
            if (key != null) {
                sql = sql.param("key", key);
            }
            return owner == null ? sql : sql.param("owner", owner);
        }
    }

    /** A key's views and purchases over a window, before its revenue is read. */
    record Count(String key, long views, long purchases) {
    }

    private final JdbcClient jdbc;

    AnalyticsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Turns PostgreSQL's JIT off for the rest of the read transaction: it compiles any statement
     * whose estimated cost passes jit_above_cost, and compiling took longer than running these
     * aggregates over a few hundred thousand index entries (docs/benchmarks.md, Marketplace analytics).
     */
    void withoutJit() {
        jdbc.sql("SET LOCAL jit = off").update();
    }

    Map<Window, Long> views(Selection s, LocalDate today) {
        return s.bind(jdbc.sql("""
                        SELECT coalesce(sum(views) FILTER (WHERE day >= :week), 0),
                               coalesce(sum(views) FILTER (WHERE day >= :day), 0), coalesce(sum(views), 0)
                        FROM analytics_view_days WHERE %s AND day >= :month AND day <= :today""".formatted(s.where())))
                .param("day", Date.valueOf(Window.DAY.firstDay(today))).param("week", Date.valueOf(Window.WEEK.firstDay(today)))
                .param("month", Date.valueOf(Window.MONTH.firstDay(today))).param("today", Date.valueOf(today))
                .query((rs, n) -> {
                    Map<Window, Long> views = new EnumMap<>(Window.class);
                    views.put(Window.DAY, rs.getLong(2));
                    views.put(Window.WEEK, rs.getLong(1));
                    views.put(Window.MONTH, rs.getLong(3));
                    return views;
                }).single();
    }

    /** Purchases and revenue per currency for each window. */
    Map<Window, List<Revenue>> sales(Selection s, LocalDate today) {
        Map<Window, List<Revenue>> sales = new EnumMap<>(Window.class);
        for (Window w : Window.values()) {
            sales.put(w, new ArrayList<>());
        }
        s.bind(jdbc.sql("""
                        SELECT currency,
                               sum(purchases) FILTER (WHERE day >= :day), sum(gross) FILTER (WHERE day >= :day),
                               sum(refunded) FILTER (WHERE day >= :day),
                               sum(purchases) FILTER (WHERE day >= :week), sum(gross) FILTER (WHERE day >= :week),
                               sum(refunded) FILTER (WHERE day >= :week),
                               sum(purchases), sum(gross), sum(refunded)
                        FROM analytics_sale_days WHERE %s AND day >= :month AND day <= :today
                        GROUP BY currency ORDER BY currency""".formatted(s.where())))
                .param("day", Date.valueOf(Window.DAY.firstDay(today))).param("week", Date.valueOf(Window.WEEK.firstDay(today)))
                .param("month", Date.valueOf(Window.MONTH.firstDay(today))).param("today", Date.valueOf(today))
                .query((rs, n) -> {
                    String currency = rs.getString(1);
                    int column = 2;
                    for (Window w : Window.values()) {
                        long purchases = rs.getLong(column);
                        long gross = rs.getLong(column + 1);
                        long refunded = rs.getLong(column + 2);
                        column += 3;
                        if (purchases != 0 || gross != 0 || refunded != 0) {
                            sales.get(w).add(Revenue.of(currency, purchases, gross, refunded));
                        }
                    }
                    return currency;
                }).list();
        return sales;
    }

    /** Views per day from {@code from} to {@code today}, every day present. */
    Map<LocalDate, Long> dailyViews(Selection s, LocalDate from, LocalDate today) {
        Map<LocalDate, Long> days = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
            days.put(d, 0L);
        }
        s.bind(jdbc.sql("""
                        SELECT day, sum(views) FROM analytics_view_days WHERE %s AND day >= :from AND day <= :today
                        GROUP BY day""".formatted(s.where())))
                .param("from", Date.valueOf(from)).param("today", Date.valueOf(today))
                .query((rs, n) -> days.put(rs.getDate(1).toLocalDate(), rs.getLong(2))).list();
        return days;
    }

    /** Purchases and revenue per day and currency from {@code from} to {@code today}; days without sales are absent. */
    Map<LocalDate, List<Revenue>> dailySales(Selection s, LocalDate from, LocalDate today) {
        Map<LocalDate, List<Revenue>> days = new TreeMap<>();
        s.bind(jdbc.sql("""
                        SELECT day, currency, sum(purchases), sum(gross), sum(refunded) FROM analytics_sale_days
                        WHERE %s AND day >= :from AND day <= :today GROUP BY day, currency ORDER BY day, currency"""
                        .formatted(s.where())))
                .param("from", Date.valueOf(from)).param("today", Date.valueOf(today))
                .query((rs, n) -> days.computeIfAbsent(rs.getDate(1).toLocalDate(), d -> new ArrayList<>())
                        .add(Revenue.of(rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))))
                .list();
        return days;
    }

    /** The keys with the most purchases (then views) over the window; ties by key. */
    List<Count> top(Selection s, LocalDate from, LocalDate today, int limit) {
        return s.bind(jdbc.sql("""
                        WITH v AS (SELECT key, sum(views) AS views FROM analytics_view_days
                                   WHERE %1$s AND day >= :from AND day <= :today GROUP BY key),
                             p AS (SELECT key, sum(purchases) AS purchases FROM analytics_sale_days
                                   WHERE %1$s AND day >= :from AND day <= :today GROUP BY key)
                        SELECT key, coalesce(v.views, 0) AS views, coalesce(p.purchases, 0) AS purchases
                        FROM v FULL JOIN p USING (key)
                        ORDER BY purchases DESC, views DESC, key LIMIT :limit""".formatted(s.where())))
                .param("from", Date.valueOf(from)).param("today", Date.valueOf(today)).param("limit", limit)
                .query((rs, n) -> new Count(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
    }

    /** A ranking kept by {@link SellerRanking}, and when it was computed. */
    record StoredRanking(List<Count> top, Instant computedAt) {
    }

    /** The stored top sellers of the window for {@code today}, if computed after {@code since}. */
    java.util.Optional<StoredRanking> storedTopSellers(Window window, LocalDate today, Instant since) {
        List<Object[]> rows = jdbc.sql("""
                        SELECT seller_id, views, purchases, computed_at FROM analytics_top_sellers
                        WHERE window_name = :window AND computed_for = :today ORDER BY position""")
                .param("window", window.code()).param("today", Date.valueOf(today))
                .query((rs, n) -> new Object[] {new Count(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                        rs.getTimestamp(4).toInstant()})
                .list();
        if (rows.isEmpty() || ((Instant) rows.getFirst()[1]).isBefore(since)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new StoredRanking(rows.stream().map(r -> (Count) r[0]).toList(),
                (Instant) rows.getFirst()[1]));
    }

    /** Replaces the window's ranking for {@code today}; rankings of days before yesterday go. */
    void storeTopSellers(Window window, LocalDate today, List<Count> top, Instant now) {
        jdbc.sql("DELETE FROM analytics_top_sellers WHERE window_name = :window AND (computed_for = :today OR computed_for < :old)")
                .param("window", window.code()).param("today", Date.valueOf(today))
                .param("old", Date.valueOf(today.minusDays(1))).update();
        for (int i = 0; i < top.size(); i++) {
            Count c = top.get(i);
            jdbc.sql("""
                            INSERT INTO analytics_top_sellers (window_name, computed_for, position, seller_id, views, purchases, computed_at)
                            VALUES (:window, :today, :position, :seller, :views, :purchases, :at)""")
                    .param("window", window.code()).param("today", Date.valueOf(today)).param("position", i + 1)
                    .param("seller", c.key()).param("views", c.views()).param("purchases", c.purchases())
                    .param("at", Timestamp.from(now)).update();
        }
    }

    /** Revenue per currency of each of {@code keys} over the window. */
    Map<String, List<Revenue>> revenueOf(String scope, List<String> keys, LocalDate from, LocalDate today) {
        Map<String, List<Revenue>> revenue = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return revenue;
        }
        jdbc.sql("""
                        SELECT key, currency, sum(purchases), sum(gross), sum(refunded) FROM analytics_sale_days
                        WHERE scope = :scope AND key = ANY (:keys) AND day >= :from AND day <= :today
                        GROUP BY key, currency ORDER BY key, currency""")
                .param("scope", scope).param("keys", keys.toArray(String[]::new))
                .param("from", Date.valueOf(from)).param("today", Date.valueOf(today))
                .query((rs, n) -> revenue.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(Revenue.of(rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))))
                .list();
        return revenue;
    }

    /** Raw views in {@code (since, now]}, and in {@code (recent, now]}. */
    long[] liveViews(Instant since, Instant recent, Instant now) {
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE viewed_at > :recent), count(*) FROM analytics_views
                        WHERE viewed_at > :since AND viewed_at <= :now""")
                .param("since", Timestamp.from(since)).param("recent", Timestamp.from(recent)).param("now", Timestamp.from(now))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    /** Paid lines and refunds in {@code (since, now]} and {@code (recent, now]}: [recent, since] per currency. */
    Map<String, Revenue[]> liveSales(Instant since, Instant recent, Instant now) {
        Map<String, Revenue[]> sales = new TreeMap<>();
        jdbc.sql("""
                        WITH paid AS (
                          SELECT currency, count(*) FILTER (WHERE paid_at > :recent) AS recent_purchases,
                                 coalesce(sum(price) FILTER (WHERE paid_at > :recent), 0) AS recent_gross,
                                 count(*) AS purchases, sum(price) AS gross
                          FROM analytics_order_lines WHERE paid_at > :since AND paid_at <= :now GROUP BY currency),
                        back AS (
                          SELECT currency, coalesce(sum(amount) FILTER (WHERE refunded_at > :recent), 0) AS recent_refunded,
                                 sum(amount) AS refunded
                          FROM analytics_refunds WHERE refunded_at > :since AND refunded_at <= :now GROUP BY currency)
                        SELECT currency, coalesce(recent_purchases, 0), coalesce(recent_gross, 0), coalesce(recent_refunded, 0),
                               coalesce(purchases, 0), coalesce(gross, 0), coalesce(refunded, 0)
                        FROM paid FULL JOIN back USING (currency)""")
                .param("since", Timestamp.from(since)).param("recent", Timestamp.from(recent)).param("now", Timestamp.from(now))
                .query((rs, n) -> sales.put(rs.getString(1), new Revenue[] {
                        Revenue.of(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                        Revenue.of(rs.getString(1), rs.getLong(5), rs.getLong(6), rs.getLong(7))}))
                .list();
        return sales;
    }

    /** Listings first published since each of {@code since}, in the order given, up to {@code now}. */
    long[] newListings(Instant now, Instant... since) {
        Instant earliest = since[0];
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < since.length; i++) {
            earliest = since[i].isBefore(earliest) ? since[i] : earliest;
            columns.append(i == 0 ? "" : ", ").append("count(*) FILTER (WHERE first_published_at >= :s").append(i).append(')');
        }
        JdbcClient.StatementSpec sql = jdbc.sql("SELECT " + columns + """
                 FROM analytics_listings WHERE first_published_at >= :earliest AND first_published_at <= :now""")
                .param("earliest", Timestamp.from(earliest)).param("now", Timestamp.from(now));
        for (int i = 0; i < since.length; i++) {
            sql = sql.param("s" + i, Timestamp.from(since[i]));
        }
        return sql.query((rs, n) -> {
            long[] counts = new long[since.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = rs.getLong(i + 1);
            }
            return counts;
        }).single();
    }
}
