package dev.mercato.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Benchmark-scale analytics data, written with COPY straight into the analytics module's tables
 * (as {@code pgbench -i} fills its own), consistent with "now" so that every window has data:
 * <ul>
 * <li>listings belong to sellers by a Zipf-like law (weight rank^-0.6: the biggest of 10,000 sellers
 * has about 1 % of the listings, the median about 60) and to categories by rank^-0.8;</li>
 * <li>a listing's share of the views falls with its popularity rank as rank^-0.8; marketplace
 * traffic grows tenfold over the days (today's traffic is {@code viewsPerDay}, today counted up
 * to now); a listing's views on a day are Poisson around its share, so most listings have no row
 * on most days (sparse rollups), the popular ones one every day;</li>
 * <li>purchases go to listings in proportion to their views and to days in proportion to traffic;
 * each seller sells in one currency (80 % USD, 15 % EUR, 5 % GBP) at one of five prices per listing;
 * 3 % of purchases are refunded in full within three days;</li>
 * <li>raw views (one row per counted view, anonymous visitors) exist for yesterday and today, as
 * the default retention of two days keeps them;</li>
 * <li>listings were first published evenly over the last two years (about 41,000 in the last 30 days).</li>
 * </ul>
 * Secondary indexes are dropped for the load and rebuilt after it from their own definitions.
 */
final class AnalyticsData {

    static final String[] CURRENCIES = {"USD", "EUR", "GBP"};
    private static final long[] PRICES = {9_99, 19_99, 49_99, 99_00, 199_00};
    private static final List<String> TABLES = List.of("analytics_listings", "analytics_views", "analytics_view_days",
            "analytics_sale_days", "analytics_order_lines", "analytics_refunds");

    /** What to generate. */
    record Scale(int listings, int sellers, int categories, int days, long viewsPerDay, int purchases) {

        String describe() {
            return String.format("%,d listings of %,d sellers in %,d categories, %d days of rollups, %,d views/day today,"
                    + " %,d purchases", listings, sellers, categories, days, viewsPerDay, purchases);
        }
    }

    private final Scale scale;
    private final Instant now;
    private final LocalDate today;
    private final int[] sellerOf;
    private final int[] categoryOf;
    private final double[] share;
    private final String[] sellerIds;
    private final int[] currencyOfSeller;
    private final long[] priceOf;
    private final double[] traffic;
    private final Map<String, Long> rows = new LinkedHashMap<>();

    /**
     * @param realSellers user ids to use for the sellers of the given ranks (0 = the biggest), so
     *                    that their dashboards can be read over HTTP on their behalf
     */
    AnalyticsData(Scale scale, Instant now, Map<Integer, String> realSellers) {
        this.scale = scale;
        this.now = now;
        this.today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(42);
        double[] sellerWeights = zipf(scale.sellers(), 0.6);
        double[] categoryWeights = zipf(scale.categories(), 0.8);
        sellerOf = new int[scale.listings()];
        categoryOf = new int[scale.listings()];
        priceOf = new long[scale.listings()];
        share = zipf(scale.listings(), 0.8);
        for (int i = 0; i < scale.listings(); i++) {
            sellerOf[i] = sample(sellerWeights, random.nextDouble());
            categoryOf[i] = sample(categoryWeights, random.nextDouble());
            priceOf[i] = PRICES[random.nextInt(PRICES.length)];
        }
        toShares(share);
        sellerIds = new String[scale.sellers()];
        currencyOfSeller = new int[scale.sellers()];
        for (int s = 0; s < scale.sellers(); s++) {
            sellerIds[s] = realSellers.getOrDefault(s, String.format("usr_bench%06d", s));
            double u = random.nextDouble();
            currencyOfSeller[s] = u < 0.80 ? 0 : u < 0.95 ? 1 : 2;
        }
        traffic = new double[scale.days()];
        double fractionOfToday = Math.max(0.05, (now.getEpochSecond() % 86_400) / 86_400.0);
        for (int d = 0; d < scale.days(); d++) {
            double growth = Math.pow(10, (d - (scale.days() - 1)) / (double) (scale.days() - 1));
            traffic[d] = scale.viewsPerDay() * growth * (d == scale.days() - 1 ? fractionOfToday : 1);
        }
    }

    static String listingId(int i) {
        return String.format("lst_bench%07d", i);
    }

    String sellerId(int rank) {
        return sellerIds[rank];
    }

    int sellerOf(int listing) {
        return sellerOf[listing];
    }

    /** Row counts per table after {@link #load}. */
    Map<String, Long> rows() {
        return rows;
    }

    void load(Connection c) throws SQLException, IOException {
        List<String> indexes = dropSecondaryIndexes(c);
        CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
        loadListings(copy);
        long[][] sellerViews = new long[scale.sellers()][scale.days()];
        long[][] categoryViews = new long[scale.categories()][scale.days()];
        loadViews(copy, sellerViews, categoryViews);
        loadSales(copy);
        try (Statement s = c.createStatement()) {
            for (String index : indexes) {
                s.execute(index);
            }
        }
        try (Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        }
    }

    private void loadListings(CopyManager copy) throws SQLException, IOException {
        try (Copy out = new Copy(copy, "COPY analytics_listings (listing_id, seller_id, first_published_at) FROM STDIN")) {
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < scale.listings(); i++) {
                Instant published = now.minus(Duration.ofSeconds(random.nextLong(730L * 86_400)));
                out.row(listingId(i), sellerIds[sellerOf[i]], published.toString());
            }
        }
    }

    /** Daily listing rollups (and the seller and category ones summed from them), and raw views for the last two days. */
    private void loadViews(CopyManager copy, long[][] sellerViews, long[][] categoryViews) throws SQLException, IOException {
        int days = scale.days();
        try (Copy out = new Copy(copy, "COPY analytics_view_days (scope, key, day, owner, views) FROM STDIN")) {
            for (int i = 0; i < scale.listings(); i++) {
                String listing = listingId(i);
                String seller = sellerIds[sellerOf[i]];
                for (int d = 0; d < days; d++) {
                    long views = views(i, d);
                    if (views > 0) {
                        out.row("listing", listing, day(d).toString(), seller, Long.toString(views));
                        sellerViews[sellerOf[i]][d] += views;
                        categoryViews[categoryOf[i]][d] += views;
                    }
                }
            }
            for (int s = 0; s < scale.sellers(); s++) {
                for (int d = 0; d < days; d++) {
                    if (sellerViews[s][d] > 0) {
                        out.row("seller", sellerIds[s], day(d).toString(), null, Long.toString(sellerViews[s][d]));
                    }
                }
            }
            for (int k = 0; k < scale.categories(); k++) {
                for (int d = 0; d < days; d++) {
                    if (categoryViews[k][d] > 0) {
                        out.row("category", categoryId(k), day(d).toString(), null, Long.toString(categoryViews[k][d]));
                    }
                }
            }
        }
        try (Copy out = new Copy(copy, "COPY analytics_views (listing_id, day, visitor, viewed_at) FROM STDIN")) {
            for (int i = 0; i < scale.listings(); i++) {
                for (int d = Math.max(0, days - 2); d < days; d++) {
                    long views = views(i, d);
                    SplittableRandom random = new SplittableRandom(((long) i << 20) ^ d ^ 0x5DEECE66DL);
                    for (long v = 0; v < views; v++) {
                        out.row(listingId(i), day(d).toString(), "anon:" + Long.toString(random.nextLong() >>> 1, 36),
                                timeIn(d, random).toString());
                    }
                }
            }
        }
    }

    private void loadSales(CopyManager copy) throws SQLException, IOException {
        int days = scale.days();
        double[] dayShares = traffic.clone();
        toShares(dayShares);
        SplittableRandom random = new SplittableRandom(11);
        // [purchases, gross, refunded] per listing and day; currency follows from the listing's seller
        Map<Long, long[]> listingDays = new HashMap<>();
        List<String[]> refundRows = new ArrayList<>();
        try (Copy lines = new Copy(copy, "COPY analytics_order_lines (order_id, line, listing_id, seller_id, category_id,"
                + " currency, price, refunded, paid_at) FROM STDIN")) {
            for (int p = 0; p < scale.purchases(); p++) {
                int i = sample(share, random.nextDouble());
                int d = sample(dayShares, random.nextDouble());
                Instant paidAt = timeIn(d, random);
                String currency = CURRENCIES[currencyOfSeller[sellerOf[i]]];
                long price = priceOf[i];
                boolean refunded = random.nextDouble() < 0.03;
                String order = String.format("ord_bench%07d", p);
                lines.row(order, "1", listingId(i), sellerIds[sellerOf[i]], categoryId(categoryOf[i]), currency,
                        Long.toString(price), Long.toString(refunded ? price : 0), paidAt.toString());
                long[] sold = listingDays.computeIfAbsent((long) i * 1024 + d, k -> new long[3]);
                sold[0]++;
                sold[1] += price;
                if (refunded) {
                    Instant at = paidAt.plus(Duration.ofSeconds(random.nextLong(3 * 86_400)));
                    at = at.isAfter(now) ? now : at;
                    int refundDay = (int) (days - 1 - (today.toEpochDay() - LocalDate.ofInstant(at, ZoneOffset.UTC).toEpochDay()));
                    listingDays.computeIfAbsent((long) i * 1024 + refundDay, k -> new long[3])[2] += price;
                    refundRows.add(new String[] {"rf_bench" + p, order, currency, Long.toString(price), "t", at.toString(), "t"});
                }
            }
        }
        try (Copy out = new Copy(copy, "COPY analytics_refunds (refund_id, order_id, currency, amount, full_refund,"
                + " refunded_at, applied) FROM STDIN")) {
            for (String[] row : refundRows) {
                out.row(row);
            }
        }
        Map<String, long[]> sellers = new HashMap<>();
        Map<String, long[]> categories = new HashMap<>();
        try (Copy out = new Copy(copy, "COPY analytics_sale_days (scope, key, day, currency, owner, purchases, gross,"
                + " refunded) FROM STDIN")) {
            for (Map.Entry<Long, long[]> e : listingDays.entrySet()) {
                int i = (int) (e.getKey() / 1024);
                int d = (int) (e.getKey() % 1024);
                long[] v = e.getValue();
                String currency = CURRENCIES[currencyOfSeller[sellerOf[i]]];
                out.row("listing", listingId(i), day(d).toString(), currency, sellerIds[sellerOf[i]], Long.toString(v[0]),
                        Long.toString(v[1]), Long.toString(v[2]));
                add(sellers, sellerIds[sellerOf[i]] + "\t" + d + "\t" + currency, v);
                add(categories, categoryId(categoryOf[i]) + "\t" + d + "\t" + currency, v);
            }
            writeSums(out, "seller", sellers);
            writeSums(out, "category", categories);
        }
    }

    private void writeSums(Copy out, String scope, Map<String, long[]> sums) throws IOException, SQLException {
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            String[] key = e.getKey().split("\t");
            long[] v = e.getValue();
            out.row(scope, key[0], day(Integer.parseInt(key[1])).toString(), key[2], null, Long.toString(v[0]),
                    Long.toString(v[1]), Long.toString(v[2]));
        }
    }

    private static void add(Map<String, long[]> sums, String key, long[] v) {
        long[] sum = sums.computeIfAbsent(key, k -> new long[3]);
        for (int j = 0; j < 3; j++) {
            sum[j] += v[j];
        }
    }

    /** Listing {@code i}'s views on day {@code d}: Poisson around its share of the day's traffic, reproducible. */
    private long views(int i, int d) {
        double lambda = traffic[d] * share[i];
        SplittableRandom random = new SplittableRandom(((long) i << 8) ^ ((long) d << 40) ^ 0x9E3779B97F4A7C15L);
        if (lambda > 30) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        long k = 0;
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }

    static String categoryId(int k) {
        return String.format("cat_bench%04d", k);
    }

    private LocalDate day(int d) {
        return today.minusDays(scale.days() - 1L - d);
    }

    /** A random instant in day {@code d}, before now. */
    private Instant timeIn(int d, SplittableRandom random) {
        Instant start = day(d).atStartOfDay(ZoneOffset.UTC).toInstant();
        long span = Math.max(1, Math.min(86_400_000_000L, Duration.between(start, now).toNanos() / 1000 - 1));
        return start.plusNanos(random.nextLong(span) * 1000);
    }

    private static double[] zipf(int n, double exponent) {
        double[] weights = new double[n];
        for (int r = 0; r < n; r++) {
            weights[r] = Math.pow(r + 1, -exponent);
        }
        return weights;
    }

    /** Normalises weights to shares summing to 1, in place. */
    private static void toShares(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
    }

    /** The index whose cumulative weight first exceeds {@code u} times the total (weights need not be normalised). */
    private static int sample(double[] weights, double u) {
        double[] cumulative = CUMULATIVE.computeIfAbsent(weights, AnalyticsData::cumulative);
        double target = u * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static final Map<double[], double[]> CUMULATIVE = new java.util.IdentityHashMap<>();

    private static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }

    private static List<String> dropSecondaryIndexes(Connection c) throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.schemaname = current_schema() AND i.tablename LIKE 'analytics\\_%'
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)""")) {
            while (rs.next()) {
                names.add(rs.getString(1));
                definitions.add(rs.getString(2));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("DROP INDEX " + name);
            }
        }
        return definitions;
    }

    /** One COPY in text format, buffered. */
    private static final class Copy implements AutoCloseable {

        private final CopyIn in;
        private final StringBuilder buffer = new StringBuilder(1 << 20);
        private boolean closed;

        Copy(CopyManager copy, String sql) throws SQLException {
            this.in = copy.copyIn(sql);
        }

        void row(String... values) throws SQLException {
            for (int j = 0; j < values.length; j++) {
                if (j > 0) {
                    buffer.append('\t');
                }
                buffer.append(values[j] == null ? "\\N" : values[j]);
            }
            buffer.append('\n');
            if (buffer.length() > (1 << 20) - 512) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            flush();
            in.endCopy();
        }
    }
}
