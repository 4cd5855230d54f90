package dev.mercato.search;

import dev.mercato.platform.ApiException;
import dev.mercato.search.SearchResult.CategoryCount;
import dev.mercato.search.SearchResult.Facets;
import dev.mercato.search.SearchResult.PriceBucket;
import dev.mercato.search.SearchResult.RatingCount;
import dev.mercato.search.SearchResult.ValueCount;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * Search and browse over the index: full-text matching and ranking, filters, facet counts, keyset
 * pages, highlights of the returned page and the featured block. See docs/search.md.
 */
@Service
public class ListingSearch {

    /** Price buckets in minor units: free, under 10, 10–50, 50–100, 100 and up. */
    private static final long[] PRICE_EDGES = {0, 1, 1000, 5000, 10000};
    private static final String[] PRICE_NAMES = {"free", "under_10", "10_to_50", "50_to_100", "100_and_up"};
    private static final int FEATURED_IN_RESULTS = 3;
    private static final String MARK_START = "\uE000";
    private static final String MARK_END = "\uE001";
    private static final String HEADLINE_OPTIONS = "StartSel=" + MARK_START + ", StopSel=" + MARK_END;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int facetCap;
    private final boolean rankAll;

    ListingSearch(JdbcClient jdbc, TransactionTemplate transactions, Clock clock,
            @Value("${mercato.search.facet-cap:2000}") int facetCap, @Value("${mercato.search.rank-all:false}") boolean rankAll) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.facetCap = facetCap;
        this.rankAll = rankAll;
    }

    /**
     * Runs the request's statements in one transaction whose statements are planned for their
     * values ({@code plan_cache_mode = force_custom_plan}): the best plan of a pass depends on how
     * many rows the words, the category and the price range select, which a prepared statement's
     * generic plan (used after its first five executions) cannot see. Its guesses scanned a 370,000-row
     * price range to intersect 1,200 title matches, and parsed the text query again for every row
     * it ranked (ADR 0031). Planning a statement costs well under a millisecond.
     */
    public SearchResult search(SearchRequest request) {
        return transactions.execute(tx -> {
            jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
            return searchPlanned(request);
        });
    }

    private SearchResult searchPlanned(SearchRequest request) {
        Category category = request.categoryId() == null ? Category.NONE : category(request.categoryId());
        TextQuery text = request.browse() ? null : matchable(TextQuery.of(request.query()));
        SearchResult result = run(request, text, category);
        if (text != null && result.data().isEmpty() && text.correctable()
                && (request.cursor() == null || !matchesAny(request, text, category))) {
            Optional<String> corrected = correct(text.text());
            if (corrected.isPresent()) {
                TextQuery retry = matchable(TextQuery.of(corrected.get()));
                SearchResult again = retry == null ? null : run(request, retry, category);
                if (again != null && !again.data().isEmpty()) {
                    return new SearchResult(again.object(), again.query(), corrected.get(), again.sort(), again.data(),
                            again.hasMore(), again.nextCursor(), again.total(), again.totalExact(), again.rankedExact(),
                            again.facets(), again.featured());
                }
            }
        }
        return result;
    }

    private SearchResult run(SearchRequest request, TextQuery text, Category category) {
        // Without text there is no relevance: browse orders "relevance" by popularity.
        SearchSort sort = text == null && request.sort() == SearchSort.RELEVANCE ? SearchSort.POPULARITY : request.sort();
        Cursor after = request.cursor() == null ? null : Cursor.decode(request.cursor(), sort);
        Where where = where(request, text, category);
        // Relevance ranks a capped set, title and tag matches first (ADR 0014, "Ranked set").
        boolean capped = text != null && sort == SearchSort.RELEVANCE && !rankAll;
        Long total = null;
        Boolean exact = null;
        Boolean rankedExact = null;
        Facets facets = null;
        List<SearchHit> rows = null;
        if (request.facets()) {
            Counted counted = facets(where, category.path(), text, sort, after, request.limit() + 1, capped);
            total = counted.total();
            exact = counted.exact();
            rankedExact = capped ? exact : null;
            facets = counted.facets();
            if (counted.pageIds() != null) {
                // Every match was counted, so the page is already known: fetch just its rows.
                Map<String, Object> params = new HashMap<>(text == null ? Map.of() : text.params());
                params.put("page_ids", counted.pageIds().toArray(String[]::new));
                rows = counted.pageIds().isEmpty() ? List.of()
                        : page(new Where("s.listing_id = ANY(:page_ids)", params), text, sort, null, request.limit() + 1,
                                false, PageScan.SORT_ORDER).hits();
            }
        }
        if (rows == null) {
            // A text page in another order than relevance without facets (ADR 0038): with facets it is
            // asked for only when more than the cap matched, where walking the sort index is the cheaper.
            PageScan scan = text != null && sort != SearchSort.RELEVANCE && !request.facets()
                    ? pageScan(where, request.limit() + 1) : PageScan.SORT_ORDER;
            Page page = page(where, text, sort, after, request.limit() + 1, capped, scan);
            rows = page.hits();
            if (capped) {
                rankedExact = page.rankedExact();
            }
        }
        boolean more = rows.size() > request.limit();
        List<SearchHit> data = more ? rows.subList(0, request.limit()) : rows;
        String next = null;
        if (more) {
            SearchHit last = data.getLast();
            next = new Cursor(sort, sortKey(sort, last), last.id()).encode();
        }
        List<FeaturedHit> featured = after == null ? featured(where, FEATURED_IN_RESULTS) : null;
        return new SearchResult("search_result", request.query(), null, sort.code(), List.copyOf(data), more, next,
                total, exact, rankedExact, facets, featured);
    }

    // ---- matching ----

    /** A WHERE clause and its parameters. */
    record Where(String sql, Map<String, Object> params) {
    }

    /**
     * The filtered category is matched by the listing's own category among the category and those
     * below it ({@code categories}). A browse writes it as {@code = ANY}, which the covering index
     * {@code search_listings_browse_idx} answers without visiting the table (V43); a text search as
     * "the listing's category path holds the category" (categories are never moved, so the path a
     * listing was indexed with is its category's), one entry of the text indexes, which hold the path
     * next to the words (V52, ADR 0042): the word's postings are intersected with that one entry's
     * inside the GIN index. The overlap of {@code ARRAY[category_id]} with the subtree (V46, ADR 0034)
     * advanced one posting list per category of the subtree (49 under a top category) for every
     * candidate: 15–43 ms of index scan for one word.
     */
    static Where where(SearchRequest r, TextQuery text, Category category) {
        StringBuilder sql = new StringBuilder(SearchRows.VISIBLE);
        Map<String, Object> params = new HashMap<>();
        if (text != null) {
            sql.append(" AND s.document @@ ").append(text.match());
            params.putAll(text.params());
        }
        if (r.categoryId() != null && text == null) {
            sql.append(" AND s.category_id = ANY(CAST(:categories AS text[]))");
            params.put("categories", category.subtree().toArray(String[]::new));
        } else if (r.categoryId() != null) {
            sql.append(" AND s.category_path @> ARRAY[CAST(:category AS text)]");
            params.put("category", r.categoryId());
        }
        if (!r.tags().isEmpty()) {
            sql.append(" AND s.tags @> CAST(:tags AS text[])");
            params.put("tags", r.tags().toArray(String[]::new));
        }
        if (r.kind() != null) {
            sql.append(" AND s.kind = :kind");
            params.put("kind", r.kind().code());
        }
        if (r.sellerId() != null) {
            sql.append(" AND s.seller_id = :seller");
            params.put("seller", r.sellerId());
        }
        if (r.minPrice() != null) {
            sql.append(" AND s.price_amount >= :min_price");
            params.put("min_price", r.minPrice());
        }
        if (r.maxPrice() != null) {
            sql.append(" AND s.price_amount <= :max_price");
            params.put("max_price", r.maxPrice());
        }
        if (r.currency() != null) {
            sql.append(" AND s.price_currency = :currency");
            params.put("currency", r.currency());
        }
        if (r.minRating() != null && r.minRating() > 0) {
            sql.append(" AND s.rating_count > 0 AND s.rating_mean >= :min_rating");
            params.put("min_rating", r.minRating());
        }
        if (r.free() != null) {
            sql.append(r.free() ? " AND s.price_amount = 0" : " AND s.price_amount > 0");
        }
        return new Where(sql.toString(), params);
    }

    /**
     * A prefix that starts more lexemes than this is matched as a prefix: a bitmap of all their postings
     * costs less than asking GIN for so many entries one by one, and a 2-letter prefix of a large
     * vocabulary starts thousands.
     */
    static final int MAX_PREFIX_LEXEMES = 50;

    /**
     * The query ready to match rows: null when it has nothing searchable (only stop words or
     * punctuation: a browse), and otherwise with the prefix being typed spelled out as the lexemes of
     * the index that start with it, when there are at most {@link #MAX_PREFIX_LEXEMES} ({@code
     * search_lexemes}, V54, ADR 0044). The lexemes are those of every indexed row this transaction can
     * see (a trigger adds them with the row), so the rows matched are exactly the prefix's.
     */
    TextQuery matchable(TextQuery text) {
        String prefixSql = text.prefixSql();
        // The prefix as to_tsquery normalized it, when it is one plain operand ('word':*).
        Map<String, Object> row = jdbc.sql("SELECT numnode(" + text.sql() + ") > 0 AS searchable, "
                + (prefixSql == null ? "NULL" : "(regexp_match(CAST(" + prefixSql + " AS text), '^''([^'']+)'':\\*$'))[1]")
                + " AS prefix").params(text.params()).query().singleRow();
        if (!(Boolean) row.get("searchable")) {
            return null;
        }
        String prefix = (String) row.get("prefix");
        String end = prefix == null ? null : endOfPrefixRange(prefix);
        if (end == null) {
            return text;
        }
        List<String> lexemes = jdbc.sql("""
                SELECT lexeme FROM search_lexemes
                WHERE lexeme >= CAST(:prefix AS text) COLLATE "C" AND lexeme < CAST(:end AS text) COLLATE "C"
                ORDER BY lexeme LIMIT :limit""").param("prefix", prefix).param("end", end)
                .param("limit", MAX_PREFIX_LEXEMES + 1).query(String.class).list();
        return lexemes.isEmpty() || lexemes.size() > MAX_PREFIX_LEXEMES ? text : text.withPrefixLexemes(lexemes);
    }

    /**
     * The first string after every string that starts with {@code prefix} in byte order ("C"
     * collation, UTF-8: the order of code points): the prefix with its last code point incremented.
     * Null when there is none to increment to.
     */
    static String endOfPrefixRange(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
        if (next > Character.MAX_CODE_POINT) {
            return null;
        }
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(next);
    }

    private boolean matchesAny(SearchRequest request, TextQuery text, Category category) {
        Where where = where(request, text, category);
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM search_listings s WHERE " + where.sql() + ")").params(where.params())
                .query(Boolean.class).single();
    }

    /**
     * Replaces each word of a short query that no title or tag contains with the nearest word that
     * one does (trigram distance, the pg_trgm GiST index answers nearest-first); empty when no
     * word was close enough to change.
     */
    private Optional<String> correct(String query) {
        String corrected = query;
        boolean changed = false;
        for (String word : TextQuery.words(query)) {
            String lower = word.toLowerCase(java.util.Locale.ROOT);
            if (lower.length() < 3 || jdbc.sql("SELECT count(*) FROM search_words WHERE word = :w").param("w", lower)
                    .query(Long.class).single() > 0) {
                continue;
            }
            Optional<String> nearest = jdbc.sql("""
                    SELECT word FROM search_words WHERE similarity(word, :w) >= 0.25
                    ORDER BY word <-> :w, word LIMIT 1""").param("w", lower).query(String.class).optional();
            if (nearest.isPresent()) {
                corrected = corrected.replace(word, nearest.get());
                changed = true;
            }
        }
        return changed ? Optional.of(corrected) : Optional.empty();
    }

    /** A filtered category: its ids from the root down, and its own id with those of every category below it. */
    record Category(List<String> path, List<String> subtree) {
        static final Category NONE = new Category(List.of(), List.of());
    }

    Category category(String categoryId) {
        return jdbc.sql("""
                SELECT c.path, (SELECT array_agg(d.id ORDER BY d.id) FROM search_categories d WHERE d.path @> ARRAY[c.id]) AS subtree
                FROM search_categories c WHERE c.id = :id""").param("id", categoryId)
                .query((rs, n) -> new Category(List.of((String[]) rs.getArray(1).getArray()),
                        List.of((String[]) rs.getArray(2).getArray())))
                .optional()
                .orElseThrow(() -> ApiException.invalid("unknown_category", "no category " + categoryId));
    }

    /**
     * The rows a text query ranks: at most {@code cap} matches, those whose title or tags match
     * first, then those that match only in the description. The second part runs only when the
     * first found fewer than {@code cap}, so a word in 100,000 listings costs {@code cap} row visits,
     * not 100,000 (without this, ranking reads every match: ADR 0014). Aliased {@code s}, with the
     * columns sorts and facets read (not the text: the page fetches its own rows).
     */
    private static final String RANKED_COLUMNS = "s.listing_id, s.kind, s.category_id, s.category_path, s.price_amount,"
            + " s.rating_count, s.rating_mean, s.rating_bayesian, s.sales_30d, s.published_at, s.document";

    private static String rankedSet(Where where, TextQuery text) {
        // In the title branch the whole document is checked row by row (ts_match_vq is @@ without its
        // index): it only matters for exclusions, and intersecting with the document's GIN bitmap
        // would read every posting of a common word (50 ms for 160,000 of them).
        String onTitle = where.sql().replace(" AND s.document @@ " + text.match(), " AND ts_match_vq(s.document, " + text.match() + ")");
        return "(SELECT * FROM ((SELECT " + RANKED_COLUMNS + " FROM search_listings s WHERE " + onTitle
                + " AND s.title_document @@ " + text.match() + " LIMIT :cap) UNION ALL (SELECT " + RANKED_COLUMNS
                + " FROM search_listings s WHERE " + where.sql()
                + " AND NOT (s.title_document @@ " + text.match() + ") LIMIT :cap)) u LIMIT :cap) s";
    }

    // ---- the page ----

    /** A page's rows (one more than asked when there are more) and, for a capped ranking, whether all matches were ranked. */
    private record Page(List<SearchHit> hits, boolean rankedExact) {
    }

    /**
     * How the keys of a sorted text query's page are found. Walking the sort's btree (newest, price,
     * rating, popularity) stops after {@code limit} matches but visits and checks every row it passes:
     * about {@code limit × rows / matches} rows. The planner counts that check as nearly free, so it
     * walks even for a word in a few hundred listings (tens of thousands of rows checked). Collecting
     * the matches from the text index first visits each match once and sorts them: cheaper when the
     * words are rare, dearer when they are common (ADR 0038).
     */
    enum PageScan {
        /** Let the planner walk the sort's index (or pick its own plan): common words, and every non-text page. */
        SORT_ORDER,
        /** Collect the matches first (text and filters through the GIN index), then sort them: rare words. */
        MATCHES_FIRST
    }

    /**
     * Checking a row met on the sort index's walk costs about three quarters of visiting a match found
     * in the text index and sorting it: ~3.6 against ~4.8 µs of backend CPU, measured on the
     * benchmark's 1,000,000 listings (benchmarks.md, "Sorted text pages", ADR 0038).
     */
    private static final double WALK_COST_PER_MATCH_VISIT = 0.75;

    /**
     * Chooses the cheaper way to a sorted text page from the planner's estimate of how many rows
     * match (its statistics of the most common lexemes, ANALYZE keeps them) and the table's rows
     * ({@code pg_class.reltuples}, what the planner itself starts from):
     * collecting visits about {@code matches} rows, walking about {@code limit × rows / matches}.
     */
    PageScan pageScan(Where where, int limit) {
        double matches = estimatedRows("SELECT 1 FROM search_listings s WHERE " + where.sql(), where.params());
        // The table's size as ANALYZE and VACUUM last counted it (-1 before either ran: then tiny).
        double rows = Math.max(0, jdbc.sql("SELECT reltuples FROM pg_class WHERE oid = 'search_listings'::regclass")
                .query(Double.class).single());
        return matches * matches < WALK_COST_PER_MATCH_VISIT * limit * rows ? PageScan.MATCHES_FIRST : PageScan.SORT_ORDER;
    }

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\": (\\d+)");

    /** The planner's estimate of the rows a statement returns (its top plan node's). */
    private double estimatedRows(String statement, Map<String, Object> params) {
        String plan = String.join("\n", jdbc.sql("EXPLAIN (FORMAT JSON) " + statement).params(params).query(String.class).list());
        Matcher m = PLAN_ROWS.matcher(plan);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private Page page(Where where, TextQuery text, SearchSort sort, Cursor after, int limit, boolean capped, PageScan scan) {
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("limit", limit);
        params.put("cap", facetCap + 1);
        String sql = pageStatement(where, text, sort, after, capped, scan, params);
        boolean relevance = sort == SearchSort.RELEVANCE;
        long[] ranked = {0};
        List<SearchHit> hits = jdbc.sql(sql).params(params).query((rs, n) -> {
            ranked[0] = Math.max(ranked[0], rs.getLong("ranked"));
            SearchHit hit = SearchRows.hit(rs, relevance ? rs.getFloat("sort_key") : null);
            String titleMark = rs.getString("title_mark");
            return titleMark == null ? hit : hit.withHighlights(new SearchHit.Highlights(marked(titleMark),
                    marked(rs.getString("description_mark"))));
        }).list();
        // An empty page after a cursor cannot tell; it has nothing left to rank either way.
        return new Page(hits, ranked[0] <= facetCap);
    }

    /**
     * The statement of {@link #page}: the page's keys first, then only its rows, with highlights; adds
     * the cursor's parameters ({@code :limit} and {@code :cap} are the caller's).
     */
    static String pageStatement(Where where, TextQuery text, SearchSort sort, Cursor after, boolean capped, PageScan scan,
            Map<String, Object> params) {
        String key = sort.key(text == null ? "NULL" : text.sql());
        String direction = sort.descending() ? "DESC" : "ASC";
        // A capped ranking counts its set (before the cursor's condition) to say whether it held every match.
        String from = capped ? "(SELECT s.*, count(*) OVER () AS ranked FROM " + rankedSet(where, text) + ") s WHERE true"
                : "search_listings s WHERE " + where.sql();
        if (scan == PageScan.MATCHES_FIRST) {
            // OFFSET 0 keeps the matches a subquery of their own, planned without the ORDER BY, so the
            // planner cannot turn it into a walk of the sort's index.
            from = "(SELECT s.listing_id, " + key + " AS sort_key FROM search_listings s WHERE " + where.sql()
                    + " OFFSET 0) s WHERE true";
            key = "s.sort_key";
        }
        String keyset = keyset(key, "s.listing_id", sort, after, params);
        String highlights = text == null ? "NULL AS title_mark, NULL AS description_mark"
                : "ts_headline('english', s.title, " + text.sql() + ", '" + HEADLINE_OPTIONS + ", HighlightAll=true') AS title_mark, "
                        + "ts_headline('english', s.description, " + text.sql() + ", '" + HEADLINE_OPTIONS
                        + ", MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=\" … \"') AS description_mark";
        // The page's keys first, then only its rows: the keys of a browse come from the covering index
        // without visiting the table for every candidate (V43).
        return "SELECT " + SearchRows.COLUMNS + ", p.sort_key, p.ranked, " + highlights + " FROM (SELECT s.listing_id, "
                + key + " AS sort_key, " + (capped ? "s.ranked" : "0 AS ranked") + " FROM " + from + keyset
                + " ORDER BY sort_key " + direction + ", s.listing_id " + direction + " LIMIT :limit) p"
                + " JOIN search_listings s ON s.listing_id = p.listing_id"
                + " ORDER BY p.sort_key " + direction + ", p.listing_id " + direction;
    }

    /** The condition "after the cursor" on the given key and id expressions ("" without a cursor). */
    private static String keyset(String key, String id, SearchSort sort, Cursor after, Map<String, Object> params) {
        if (after == null) {
            return "";
        }
        params.put("after_key", after.key() instanceof Instant i ? Timestamp.from(i) : after.key());
        params.put("after_id", after.listingId());
        return " AND (" + key + ", " + id + ") " + (sort.descending() ? "<" : ">") + " (CAST(:after_key AS " + sort.type()
                + "), :after_id)";
    }

    private static Object sortKey(SearchSort sort, SearchHit hit) {
        return switch (sort) {
            case RELEVANCE -> hit.score();
            case NEWEST -> hit.publishedAt();
            case PRICE_ASC, PRICE_DESC -> hit.price().amount();
            case RATING -> hit.rating().bayesianAverage();
            case POPULARITY -> hit.sales30d();
        };
    }

    /** HTML-escapes a headline and turns its private-use markers into {@code <mark>} tags. */
    private static String marked(String headline) {
        return HtmlUtils.htmlEscape(headline.replace(MARK_START, "\u0000s").replace(MARK_END, "\u0000e"))
                .replace("\u0000s", "<mark>").replace("\u0000e", "</mark>");
    }

    // ---- facets ----

    /** Counts, and the ids of the page when every match was counted (null otherwise). */
    private record Counted(long total, boolean exact, Facets facets, List<String> pageIds) {
    }

    /**
     * Total and facet counts in one pass over the matching rows, stopping at the cap: beyond it the
     * total is a lower bound and the counts describe the first {@code cap} matches found (not a
     * sample chosen by the sort), which the response says with {@code total_exact: false}. The
     * same pass picks the page from the matches it holds, so when all were counted, the page
     * needs no second pass over them.
     */
    private Counted facets(Where where, List<String> categoryPath, TextQuery text, SearchSort sort, Cursor after,
            int limit, boolean capped) {
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("level", categoryPath.size() + 1);
        params.put("cap", facetCap + 1);
        params.put("limit", limit);
        List<Map<String, Object>> rows = jdbc.sql(facetPass(where, text, sort, after, params))
                .params(params).query().listOfRows();
        List<String> pageIds = List.of();
        long total = 0;
        Map<String, Long> kinds = new LinkedHashMap<>();
        Map<String, Long> categories = new LinkedHashMap<>();
        long[] prices = new long[PRICE_NAMES.length];
        long[] stars = new long[6];
        for (Map<String, Object> row : rows) {
            long n = ((Number) row.get("n")).longValue();
            if (isGroup(row, "g_kind") && isGroup(row, "g_cat") && isGroup(row, "g_price") && isGroup(row, "g_stars")) {
                total = n;
                pageIds = ids(row.get("page_ids"));
            } else if (!isGroup(row, "g_kind")) {
                kinds.put((String) row.get("kind"), n);
            } else if (!isGroup(row, "g_cat")) {
                if (row.get("cat") != null) {
                    categories.put((String) row.get("cat"), n);
                }
            } else if (!isGroup(row, "g_price")) {
                prices[((Number) row.get("price")).intValue()] = n;
            } else {
                stars[((Number) row.get("stars")).intValue()] = n;
            }
        }
        boolean exact = total <= facetCap;
        // A capped ranking's page comes from the counted set whether or not it held every match.
        return new Counted(Math.min(total, facetCap), exact, new Facets(categoryCounts(categories),
                kinds.entrySet().stream().map(e -> new ValueCount(e.getKey(), e.getValue()))
                        .sorted(Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value))
                        .toList(),
                priceBuckets(prices), ratingCounts(stars)), exact || capped ? pageIds : null);
    }

    /**
     * The statement of {@link #facets}: the first {@code :cap} matches (for a browse, read from the
     * covering index alone), the page's ids among them and the counts; adds the cursor's parameters.
     */
    static String facetPass(Where where, TextQuery text, SearchSort sort, Cursor after, Map<String, Object> params) {
        String direction = sort.descending() ? "DESC" : "ASC";
        String keyset = keyset("m.sort_key", "m.listing_id", sort, after, params);
        return "WITH m AS MATERIALIZED (SELECT s.listing_id, "
                + sort.key(text == null ? "NULL" : text.sql()) + " AS sort_key, s.kind, s.category_path[:level] AS cat,"
                + " CASE WHEN s.price_amount = 0 THEN 0 WHEN s.price_amount < 1000 THEN 1"
                + " WHEN s.price_amount < 5000 THEN 2 WHEN s.price_amount < 10000 THEN 3 ELSE 4 END AS price,"
                + " CASE WHEN s.rating_count = 0 THEN 0 ELSE floor(s.rating_mean)::int END AS stars"
                + " FROM " + (text == null ? "search_listings s WHERE " + where.sql() : rankedSet(where, text) + " WHERE true")
                + " LIMIT :cap),"
                + " page AS (SELECT array_agg(listing_id ORDER BY sort_key " + direction + ", listing_id " + direction
                + ") AS ids FROM (SELECT m.listing_id, m.sort_key FROM m WHERE true" + keyset
                + " ORDER BY m.sort_key " + direction + ", m.listing_id " + direction + " LIMIT :limit) x)"
                + " SELECT GROUPING(m.kind) AS g_kind, GROUPING(m.cat) AS g_cat, GROUPING(m.price) AS g_price,"
                + " GROUPING(m.stars) AS g_stars, m.kind, m.cat, m.price, m.stars, count(*) AS n,"
                + " (SELECT array_to_string(ids, ' ') FROM page) AS page_ids"
                + " FROM m GROUP BY GROUPING SETS ((), (m.kind), (m.cat), (m.price), (m.stars))";
    }

    /** Listing ids never contain spaces, so the page travels as one space-separated string. */
    private static List<String> ids(Object joined) {
        return joined == null || joined.toString().isEmpty() ? List.of() : List.of(joined.toString().split(" "));
    }

    private static boolean isGroup(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).intValue() == 1;
    }

    private List<CategoryCount> categoryCounts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return List.of();
        }
        Map<String, String> names = new HashMap<>();
        jdbc.sql("SELECT id, name FROM search_categories WHERE id = ANY(:ids)")
                .param("ids", counts.keySet().toArray(String[]::new))
                .query(rs -> {
                    names.put(rs.getString("id"), rs.getString("name"));
                });
        return counts.entrySet().stream().map(e -> new CategoryCount(e.getKey(), names.get(e.getKey()), e.getValue()))
                .sorted(Comparator.comparingLong(CategoryCount::count).reversed().thenComparing(CategoryCount::id))
                .toList();
    }

    private static List<PriceBucket> priceBuckets(long[] counts) {
        List<PriceBucket> buckets = new ArrayList<>();
        for (int i = 0; i < PRICE_NAMES.length; i++) {
            Long max = i == 0 ? Long.valueOf(1) : i + 1 < PRICE_EDGES.length ? PRICE_EDGES[i + 1] : null;
            buckets.add(new PriceBucket(PRICE_NAMES[i], PRICE_EDGES[i], max, counts[i]));
        }
        return buckets;
    }

    /** "4 stars and up" and so on: cumulative, as shoppers filter. Unrated listings count in none. */
    private static List<RatingCount> ratingCounts(long[] byFloor) {
        List<RatingCount> counts = new ArrayList<>();
        long cumulative = byFloor[5];
        for (int min = 4; min >= 1; min--) {
            cumulative += byFloor[min];
            counts.add(new RatingCount(min, cumulative));
        }
        return counts;
    }

    // ---- featured ----

    /** Current placements of visible listings that also match {@code where}, newest placement first. */
    List<FeaturedHit> featured(Where where, int limit) {
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("now", Timestamp.from(clock.instant()));
        params.put("limit", limit);
        return jdbc.sql("SELECT * FROM (SELECT DISTINCT ON (s.listing_id) f.id AS placement_id, f.source, f.starts_at,"
                + " f.ends_at, " + SearchRows.COLUMNS
                + " FROM featured_placements f JOIN search_listings s ON s.listing_id = f.listing_id"
                + " WHERE f.removed_at IS NULL AND f.starts_at <= :now AND f.ends_at > :now AND " + where.sql()
                + " ORDER BY s.listing_id, f.starts_at DESC, f.id) x ORDER BY x.starts_at DESC, x.placement_id LIMIT :limit")
                .params(params)
                .query((rs, n) -> new FeaturedHit(rs.getString("placement_id"), rs.getString("source"),
                        "purchased".equals(rs.getString("source")), rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_at").toInstant(), SearchRows.hit(rs, null)))
                .list();
    }
}
