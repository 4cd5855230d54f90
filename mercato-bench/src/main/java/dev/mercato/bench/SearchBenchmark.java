package dev.mercato.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * {@code ./mercato bench search}: loads N published listings (default 1,000,000) with text from the
 * shipped word list into the search index with COPY, then measures over HTTP against the embedded
 * server a fixed mixed query set (text + filters + facets + sort, and browse pages) at 1 and 8
 * clients, browse pages alone at 8, and — for comparison, in the same run on the same data — a
 * naive {@code ILIKE '%word%'} query at 1 and 8 clients. Prints QPS and p50/p95/p99 and checks the
 * goals (p95 ≤ 50 ms and p99 ≤ 150 ms with facets at 8 clients).
 *
 * <p>Text is Zipf-distributed over the word list (a few words are in most listings, most in few),
 * and queries pick words of middling rank, as people search for what distinguishes a listing.
 */
public final class SearchBenchmark {

    private static final long SEED = 20261121L;
    private static final double GOAL_P95 = 50;
    private static final double GOAL_P99 = 150;
    private static final String[] KINDS = {"course", "digital_product", "service", "custom"};

    private final List<String> words;
    private final double[] zipf;
    private final List<String> categoryIds = new ArrayList<>();
    private final List<String> topCategories = new ArrayList<>();

    private SearchBenchmark(List<String> words) {
        this.words = words;
        this.zipf = new double[words.size()];
        double sum = 0;
        for (int i = 0; i < words.size(); i++) {
            sum += 1.0 / (i + 1);
            zipf[i] = sum;
        }
        for (int i = 0; i < zipf.length; i++) {
            zipf[i] /= sum;
        }
    }

    public static void main(String[] args) throws Exception {
        int listings = 1_000_000;
        boolean loadOnly = false;
        boolean naive = true;
        String reuse = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--listings") && i + 1 < args.length) {
                listings = Integer.parseInt(args[++i].replace("_", ""));
            } else if (args[i].startsWith("--listings=")) {
                listings = Integer.parseInt(args[i].substring("--listings=".length()).replace("_", ""));
            } else if (args[i].equals("--no-naive")) {
                naive = false;
            } else if (args[i].equals("--load-only")) {
                loadOnly = true;
            } else if (args[i].equals("--reuse") && i + 1 < args.length) {
                reuse = args[++i];
            } else {
                rest.add(args[i]);
            }
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(rest.toArray(String[]::new));
            if (listings < 1000) {
                throw new IllegalArgumentException("--listings must be at least 1000");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n(search also takes --listings N, default 1000000;"
                    + " --keep --load-only to load once, --reuse mercato_bench_kept_search to measure a kept load; --no-naive skips n1, n8)");
            System.exit(2);
            return;
        }
        System.exit(new SearchBenchmark(wordList()).run(options, listings, loadOnly, reuse, naive) ? 0 : 1);
    }

    private static List<String> wordList() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SearchBenchmark.class.getResourceAsStream("/bench/words.txt"), StandardCharsets.UTF_8))) {
            List<String> all = in.lines().map(String::strip).filter(w -> !w.isEmpty()).toList();
            // A fixed shuffle so that Zipf ranks are not alphabetical.
            List<String> shuffled = new ArrayList<>(all);
            java.util.Collections.shuffle(shuffled, new Random(SEED));
            return shuffled;
        }
    }

    /**
     * Loads (or, with {@code reuse}, takes a database a {@code --keep} run loaded: loading a million
     * listings takes minutes) and measures; {@code loadOnly} stops after the load.
     */
    private boolean run(BenchOptions o, int listings, boolean loadOnly, String reuse, boolean withNaive) throws Exception {
        BenchDatabases databases = new BenchDatabases(o);
        databases.dropLeftovers();
        say("Mercato search benchmark, %s: %,d listings, %.0f s measured after %.0f s warm-up per phase", LocalDate.now(),
                listings, o.seconds(), o.warmupSeconds());
        say("machine: %d cores, Java %s", Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<PhaseResult> results = new ArrayList<>();
        try {
            String db = reuse != null ? reuse : databases.create("search");
            say("starting Mercato in-process on %s ...", db);
            try (MercatoInProcess mercato = MercatoInProcess.start(databases.url(db), o.pgUser(), o.serverArgs())) {
                long start = System.nanoTime();
                if (reuse == null) {
                    load(databases, db, listings);
                    say("  loaded, indexed and analyzed %,d listings in %.0f s", listings, (System.nanoTime() - start) / 1e9);
                } else {
                    categories(); // the same generated tree the load used: the queries pick from it
                    databases.analyze(db);
                    say("  reusing %s as loaded (--listings is what that run loaded)", db);
                }
                if (loadOnly) {
                    say("  --load-only: not measuring");
                    return true;
                }
                try (Connection c = databases.connect(db); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_total_relation_size('search_listings'))")) {
                    rs.next();
                    say("  search_listings with its indexes: %s", rs.getString(1));
                }
                say("  PostgreSQL: %s", databases.settings(db));
                String base = "http://127.0.0.1:" + mercato.port() + "/v1/search/listings";
                List<String> mixed = mixedQueries(base, 2000);
                List<String> browse = browseQueries(base, 600);
                resolveCursors(browse);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String cap = mercato.setting("mercato.search.facet-cap");
                results.add(phase("s1", "mixed queries over HTTP, 1 client", 1, o, databases, db, o.warmupSeconds() * 2,
                        (t, n) -> get(http, mixed.get((int) (n % mixed.size())))));
                results.add(phase("s8", "mixed queries over HTTP, 8 clients", 8, o, databases, db, o.warmupSeconds(),
                        (t, n) -> get(http, mixed.get((int) (n % mixed.size())))));
                results.add(phase("b8", "browse pages only over HTTP, 8 clients", 8, o, databases, db, o.warmupSeconds(),
                        (t, n) -> get(http, browse.get((int) (n % browse.size())))));
                if (withNaive) {
                    Naive naive = new Naive(databases, db, queryWords(500));
                    results.add(phase("n1", "naive ILIKE '%word%': count + first page, 1 client (JDBC)", 1, o, databases, db, 0,
                            (t, n) -> naive.query(t, n)));
                    results.add(phase("n8", "naive ILIKE '%word%': count + first page, 8 clients (JDBC)", 8, o, databases, db, 0,
                            (t, n) -> naive.query(t, n)));
                    naive.close();
                }
                say("");
                say("facet cap (mercato.search.facet-cap): %s", cap.equals("?") ? "2000 (default)" : cap);
            }
        } finally {
            databases.dropAll();
        }
        printTable(results);
        PhaseResult s8 = results.get(1);
        boolean met = s8.p95Millis() <= GOAL_P95 && s8.p99Millis() <= GOAL_P99 && s8.failures() == 0;
        say("goal at 8 clients with facets: p95 <= %.0f ms and p99 <= %.0f ms: %s (p95 %.1f ms, p99 %.1f ms)", GOAL_P95,
                GOAL_P99, met ? "MET" : "MISSED", s8.p95Millis(), s8.p99Millis());
        return results.stream().allMatch(r -> r.failures() == 0);
    }

    private PhaseResult phase(String name, String description, int clients, BenchOptions o, BenchDatabases databases,
            String database, double warmup, LoadRunner.Operation operation) throws Exception {
        say("(%s) %s ...", name, description);
        PhaseResult result = new LoadRunner(clients).run(name, description, operation, warmup, o.seconds(),
                cpu(databases, database));
        say("  %.1f q/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d failed", result.opsPerSecond(), result.p50Millis(),
                result.p95Millis(), result.p99Millis(), result.failures());
        say("  %s", result.notes());
        return result;
    }

    /**
     * CPU per query of the PostgreSQL backends serving the database and of this JVM (server and
     * load generator): unlike latency, it hardly changes when other work shares the machine.
     */
    private static LoadRunner.Probe cpu(BenchDatabases databases, String database) {
        return new LoadRunner.Probe() {
            private CpuUsage start;
            private CpuUsage end;
            private BackendCpu backends;
            private long backendNanos = -1;

            @Override
            public void start() {
                try {
                    backends = new BackendCpu(databases.connect(database), database);
                } catch (java.sql.SQLException e) {
                    backends = null;
                }
                start = CpuUsage.now();
            }

            @Override
            public void stop() {
                end = CpuUsage.now();
                if (backends != null) {
                    try (BackendCpu b = backends) {
                        backendNanos = b.stop(database);
                    } catch (java.sql.SQLException e) {
                        backendNanos = -1;
                    }
                }
            }

            @Override
            public String describe(long operations, long callerCpuNanos) {
                long ops = Math.max(1, operations);
                long jvm = end.jvmNanosSince(start);
                return end.since(start) + (backendNanos >= 0 ? String.format("; PostgreSQL CPU %.0f µs/query", backendNanos / 1e3 / ops) : "")
                        + (jvm >= 0 ? String.format(", bench JVM CPU %.0f µs/query", jvm / 1e3 / ops) : "");
            }
        };
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + url + ": " + response.body());
        }
        return response.body();
    }

    // ---- data ----

    private void load(BenchDatabases databases, String db, int listings) throws Exception {
        try (Connection c = databases.connect(db); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '512MB'");
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_listings'"
                    + " AND indexname <> 'search_listings_pkey'")) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                }
            }
            for (String def : indexes) {
                s.execute("DROP INDEX " + indexName(def));
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY search_categories (id, parent_id, name, active, path) FROM STDIN", new StringReader(categories()));
            copy.copyIn("COPY search_words (word) FROM STDIN", new StringReader(String.join("\n", words) + "\n"));
            long t = System.nanoTime();
            copy.copyIn("COPY search_listings (listing_id, version, seller_id, kind, title, description, tags, category_id,"
                    + " category_path, price_amount, price_currency, published_at, rating_count, rating_mean, rating_bayesian,"
                    + " sales_30d) FROM STDIN", new ListingRows(listings));
            say("  COPY of %,d listings (the tsvector computed by PostgreSQL) in %.0f s", listings, (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            for (String def : indexes) {
                s.execute(def);
            }
            say("  built %d indexes in %.0f s", indexes.size(), (System.nanoTime() - t) / 1e9);
            s.execute("UPDATE search_index_state SET built_at = now()");
        }
        databases.vacuumAnalyze(db);
    }

    private static String indexName(String def) {
        Matcher m = Pattern.compile("INDEX (\\S+) ON").matcher(def);
        if (!m.find()) {
            throw new IllegalStateException("cannot read index name of " + def);
        }
        return m.group(1);
    }

    /** 10 top categories, 8 children each, 5 grandchildren each: 490, all active. */
    private String categories() {
        StringBuilder out = new StringBuilder();
        Random random = new Random(SEED);
        int n = 0;
        for (int a = 0; a < 10; a++) {
            String top = "cat_" + (n++);
            topCategories.add(top);
            categoryIds.add(top);
            out.append(top).append("\t\\N\t").append(cap(words.get(random.nextInt(words.size())))).append("\tt\t{")
                    .append(top).append("}\n");
            for (int b = 0; b < 8; b++) {
                String mid = "cat_" + (n++);
                categoryIds.add(mid);
                out.append(mid).append('\t').append(top).append('\t').append(cap(words.get(random.nextInt(words.size()))))
                        .append("\tt\t{").append(top).append(',').append(mid).append("}\n");
                for (int d = 0; d < 5; d++) {
                    String leaf = "cat_" + (n++);
                    categoryIds.add(leaf);
                    out.append(leaf).append('\t').append(mid).append('\t')
                            .append(cap(words.get(random.nextInt(words.size())))).append("\tt\t{").append(top).append(',')
                            .append(mid).append(',').append(leaf).append("}\n");
                }
            }
        }
        return out.toString();
    }

    private static String cap(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private String zipfWord(Random random) {
        int i = Arrays.binarySearch(zipf, random.nextDouble());
        return words.get(Math.min(i < 0 ? -i - 1 : i, words.size() - 1));
    }

    /** The rows of COPY's text format, generated as PostgreSQL reads them. */
    private final class ListingRows extends Reader {

        private final int total;
        private final Random random = new Random(SEED + 1);
        private final Instant now = Instant.now();
        private int next;
        private String buffer = "";
        private int at;

        ListingRows(int total) {
            this.total = total;
        }

        @Override
        public int read(char[] into, int offset, int length) {
            if (at == buffer.length()) {
                if (next == total) {
                    return -1;
                }
                StringBuilder rows = new StringBuilder(64 * 1024);
                for (int i = 0; i < 100 && next < total; i++) {
                    row(rows, next++);
                }
                buffer = rows.toString();
                at = 0;
            }
            int n = Math.min(length, buffer.length() - at);
            buffer.getChars(at, at + n, into, offset);
            at += n;
            return n;
        }

        private void row(StringBuilder out, int i) {
            int categoryPick = random.nextInt(categoryIds.size());
            String category = categoryIds.get(categoryPick);
            // Path from the generated layout: every 49 ids a top, then blocks of 6 (a child and its 5 leaves).
            int top = categoryPick / 49;
            int within = categoryPick % 49;
            StringBuilder path = new StringBuilder("{cat_" + (top * 49));
            if (within > 0) {
                int child = (within - 1) / 6;
                int childId = top * 49 + 1 + child * 6;
                path.append(",cat_").append(childId);
                if (childId != top * 49 + within) {
                    path.append(",cat_").append(top * 49 + within);
                }
            }
            path.append('}');
            out.append(String.format("lst_%012d", i)).append("\t1\t")
                    .append("usr_").append(random.nextInt(20_000)).append('\t').append(KINDS[random.nextInt(KINDS.length)])
                    .append('\t');
            int titleWords = 4 + random.nextInt(5);
            for (int w = 0; w < titleWords; w++) {
                String word = zipfWord(random);
                out.append(w == 0 ? cap(word) : word).append(w + 1 < titleWords ? " " : "\t");
            }
            int descriptionWords = 30 + random.nextInt(31);
            for (int w = 0; w < descriptionWords; w++) {
                out.append(zipfWord(random)).append(w % 12 == 11 ? ". " : " ");
            }
            out.append("\t{");
            int tags = 1 + random.nextInt(4);
            for (int t = 0; t < tags; t++) {
                out.append(t == 0 ? "" : ",").append(words.get(random.nextInt(200)));
            }
            out.append("}\t").append(category).append('\t').append(path).append('\t');
            long price = random.nextInt(10) == 0 ? 0 : (long) Math.exp(6 + random.nextGaussian() * 1.2);
            out.append(price).append('\t').append(random.nextInt(10) == 0 ? "EUR" : "USD").append('\t')
                    .append(now.minusSeconds(random.nextInt(2 * 365 * 86_400))).append('\t');
            int ratings = random.nextInt(10) < 4 ? 0 : 1 + (int) Math.abs(random.nextGaussian() * 40);
            double mean = ratings == 0 ? 0 : Math.min(5, Math.max(1, 4.2 + random.nextGaussian() * 0.7));
            double bayesian = ratings == 0 ? 0 : (10 * 3.5 + ratings * mean) / (10 + ratings);
            int sales = random.nextInt(3) == 0 ? 0 : (int) Math.abs(random.nextGaussian() * 15);
            out.append(ratings).append('\t').append(mean).append('\t').append(bayesian).append('\t').append(sales)
                    .append('\n');
        }

        @Override
        public void close() {
        }
    }

    // ---- queries ----

    /** Words people search for: neither the few in nearly every listing nor the rarest. */
    private List<String> queryWords(int n) {
        Random random = new Random(SEED + 2);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picked.add(words.get(50 + random.nextInt(1950)));
        }
        return picked;
    }

    private List<String> mixedQueries(String base, int n) {
        Random random = new Random(SEED + 3);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String w1 = words.get(50 + random.nextInt(1950));
            String w2 = words.get(20 + random.nextInt(500));
            String category = categoryIds.get(random.nextInt(categoryIds.size()));
            queries.add(switch (i % 8) {
                case 0 -> url(base, "q", w1);
                case 1 -> url(base, "q", w1 + " " + w2);
                case 2 -> url(base, "q", w1, "category_id", topCategories.get(random.nextInt(topCategories.size())),
                        "min_price", "500", "max_price", "5000", "sort", "price_asc");
                case 3 -> url(base, "q", w1.substring(0, Math.min(4, w1.length())));
                case 4 -> url(base, "q", w2 + " -" + w1, "kind", KINDS[random.nextInt(KINDS.length)], "sort", "rating");
                case 5 -> url(base, "q", "\"" + w1 + " " + w2 + "\" or " + w1, "free", "false", "sort", "newest");
                case 6 -> url(base, "category_id", category, "sort", "popularity");
                default -> url(base, "min_rating", "4", "kind", KINDS[random.nextInt(KINDS.length)], "sort", "rating",
                        "category_id", topCategories.get(random.nextInt(topCategories.size())));
            });
        }
        return queries;
    }

    private List<String> browseQueries(String base, int n) {
        Random random = new Random(SEED + 4);
        List<String> queries = new ArrayList<>();
        String[] sorts = {"popularity", "newest", "price_asc", "price_desc", "rating"};
        for (int i = 0; i < n; i++) {
            String category = categoryIds.get(random.nextInt(categoryIds.size()));
            queries.add(url(base, "category_id", category, "sort", sorts[i % sorts.length], "limit", "24",
                    "page_two", "yes"));
        }
        return queries;
    }

    /** Browse queries ask for a second page: fetch each first page once to get its cursor. */
    private static void resolveCursors(List<String> browse) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern cursor = Pattern.compile("\"next_cursor\":\"([^\"]+)\"");
        for (int i = 0; i < browse.size(); i++) {
            String first = browse.get(i).replace("&page_two=yes", "");
            Matcher m = cursor.matcher(get(http, first));
            browse.set(i, m.find() ? first + "&cursor=" + m.group(1) : first);
        }
    }

    private static String url(String base, String... params) {
        StringBuilder url = new StringBuilder(base);
        for (int i = 0; i < params.length; i += 2) {
            url.append(i == 0 ? '?' : '&').append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    /**
     * The query one writes without text search, doing the same job as a search page: the total
     * count and the first 20 matches, newest first — pattern matching over every row.
     */
    private static final class Naive {

        private final List<Connection> connections = new ArrayList<>();
        private final List<PreparedStatement> counts = new ArrayList<>();
        private final List<PreparedStatement> pages = new ArrayList<>();
        private final List<String> words;

        Naive(BenchDatabases databases, String db, List<String> words) throws Exception {
            this.words = words;
            for (int i = 0; i < 8; i++) {
                Connection c = databases.connect(db);
                connections.add(c);
                counts.add(c.prepareStatement("SELECT count(*) FROM search_listings WHERE title ILIKE ? OR description ILIKE ?"));
                pages.add(c.prepareStatement("""
                        SELECT listing_id, title, price_amount FROM search_listings
                        WHERE title ILIKE ? OR description ILIKE ?
                        ORDER BY published_at DESC, listing_id DESC LIMIT 20"""));
            }
        }

        void query(int thread, long n) throws Exception {
            String pattern = "%" + words.get((int) (n % words.size())) + "%";
            for (PreparedStatement s : List.of(counts.get(thread), pages.get(thread))) {
                s.setString(1, pattern);
                s.setString(2, pattern);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            }
        }

        void close() throws Exception {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private static void printTable(List<PhaseResult> results) {
        say("");
        say("| phase | what | q/s | p50 ms | p95 ms | p99 ms | failed |");
        say("|---|---|---:|---:|---:|---:|---:|");
        for (PhaseResult r : results) {
            say("| %s | %s | %.1f | %.1f | %.1f | %.1f | %d |", r.name(), r.description(), r.opsPerSecond(), r.p50Millis(),
                    r.p95Millis(), r.p99Millis(), r.failures());
        }
        if (results.size() > 4) {
            say("search vs naive ILIKE at 8 clients: %.0fx the throughput",
                    results.get(1).opsPerSecond() / Math.max(1e-9, results.get(4).opsPerSecond()));
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }
}
