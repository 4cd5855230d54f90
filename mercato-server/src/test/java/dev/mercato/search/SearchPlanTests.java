package dev.mercato.search;

import static dev.mercato.search.SearchFixtures.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.catalog.ListingKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A browse's facet pass reads the covering index alone (V43, ADR 0031): every column its filters,
 * counts and sort keys read is in {@code search_listings_browse_idx}, so on pages the visibility map
 * marks all-visible it never visits the table's wide rows. A filter or count on a column left out of
 * the index makes the planner fall back to an index scan with heap visits, and fails this. (A seller's
 * filter uses the seller's own btree: at most that seller's listings are visited.)
 */
class SearchPlanTests extends SearchIntegrationTest {

    @Autowired
    ListingSearch search;
    @Autowired
    JdbcClient sql;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aFilteredBrowseCountsFromTheCoveringIndexAlone() {
        String child = f.category(category);
        f.publish(seller, draft(child).title(w + " indexed").kind("course"));
        // Statistics and the visibility map as autovacuum keeps them (V43), not those of a table never vacuumed.
        jdbc.execute("VACUUM ANALYZE search_listings");

        for (SearchSort sort : SearchSort.values()) {
            SearchRequest request = new SearchRequest("", category, null, ListingKind.COURSE, null, 100L, 90_000L,
                    "USD", 1.0, false, sort, null, 24, true);
            Map<String, Object> params = new HashMap<>();
            ListingSearch.Where where = ListingSearch.where(request, null, search.category(category));
            params.putAll(where.params());
            params.put("level", 2);
            params.put("cap", 2001);
            params.put("limit", 25);
            String plan = explain(ListingSearch.facetPass(where, null, sort == SearchSort.RELEVANCE ? SearchSort.POPULARITY : sort,
                    null, params), params, false);

            assertThat(plan).as(sort + ":\n" + plan).contains("Index Only Scan using search_listings_browse_idx");
        }
    }

    @Test
    void aTextSearchFiltersKindAndCategoryInsideTheTextIndexes() {
        String child = f.category(category);
        String elsewhere = f.category(null);
        String wanted = f.publish(seller, draft(child).title(w + " wanted").kind("course"));
        f.publish(seller, draft(child).title(w + " other kind").kind("service"));
        f.publish(seller, draft(elsewhere).title(w + " other category").kind("course"));
        f.publish(seller, draft(elsewhere).title("plain").description("only " + w + " in the description").kind("course"));

        SearchRequest request = new SearchRequest(w, category, null, ListingKind.COURSE, null, null, null, null, null, null,
                SearchSort.PRICE_ASC, null, 24, true);
        TextQuery text = TextQuery.of(w);
        ListingSearch.Where where = ListingSearch.where(request, text, search.category(category));
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("level", 2);
        params.put("cap", 2001);
        params.put("limit", 25);
        String statement = ListingSearch.facetPass(where, text, SearchSort.PRICE_ASC, null, params);
        String plan = transactions.execute(tx -> {
            // Statistics of a catalog, not of a handful of test rows: 20,000 other listings of the
            // four kinds over 50 categories (rolled back), among which the word is rare.
            jdbc.update("""
                    INSERT INTO search_listings (listing_id, version, seller_id, kind, title, description, tags, category_id,
                      category_path, price_amount, price_currency, published_at)
                    SELECT 'lst_plan_' || i, 1, 'usr_plan', (ARRAY['course', 'digital_product', 'service', 'custom'])[1 + i % 4],
                      'filler title ' || i, 'filler description', '{}', 'cat_plan_' || (i % 50), ARRAY['cat_plan_' || (i % 50)],
                      100 * i, 'USD', now()
                    FROM generate_series(1, 20000) i""");
            jdbc.execute("ANALYZE search_listings");
            String explained = explain(statement, params, true);
            tx.setRollbackOnly();
            return explained;
        });

        // Both branches of the ranked set (title matches, description-only matches) ask their text
        // index for the kind and the category subtree (with the words, or, as here where the category
        // is rarer than the word, checking the words on its few rows): only rows that pass are visited.
        assertThat(plan).as(plan)
                .containsPattern("Bitmap Index Scan on search_listings_title_document_idx[^\\n]*\\n\\s*Index Cond: [^\\n]*\\(kind = 'course'::text\\) AND \\(category_path @> ")
                .containsPattern("Bitmap Index Scan on search_listings_document_idx[^\\n]*\\n\\s*Index Cond: [^\\n]*\\(kind = 'course'::text\\) AND \\(category_path @> ")
                .doesNotContain("search_listings_browse_idx");
        assertThat(search.search(request).data()).extracting(SearchHit::id).containsExactly(wanted);
    }

    @Test
    void aTypedPrefixIsIntersectedWithTheOtherWordsInsideTheTextIndexes() {
        String head = SearchFixtures.word();
        f.publish(seller, draft(category).title(head + " " + w + "ing"));
        f.publish(seller, draft(category).title("other").description(w + "s and " + head));
        SearchRequest request = new SearchRequest(head + " " + w.substring(0, 5), null, null, null, null, null, null, null,
                null, null, SearchSort.RELEVANCE, null, 24, true);
        TextQuery text = transactions.execute(tx -> search.matchable(TextQuery.of(request.query())));
        ListingSearch.Where where = ListingSearch.where(request, text, ListingSearch.Category.NONE);
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("level", 1);
        params.put("cap", 2001);
        params.put("limit", 25);

        String plan = explain(ListingSearch.facetPass(where, text, SearchSort.RELEVANCE, null, params), params, true);

        // Exact lexemes, which GIN intersects with the first word's postings; a prefix (':*') it would read whole first.
        assertThat(plan).as(plan).contains("Index Cond: (title_document @@ ", "Index Cond: (document @@ ", w + "ing")
                .doesNotContain(":*");
        assertThat(search.search(request).total()).isEqualTo(2);
    }

    @Test
    void spelledOutLexemesKeepQuotesAndBackslashesAsTheyAre() {
        TextQuery spelled = TextQuery.of("x" + w).withPrefixLexemes(List.of("it's", "a\\b", "c:d"));
        String lexemes = (String) spelled.params().get("q_lexemes");

        for (String lexeme : List.of("it's", "a\\b", "c:d")) {
            assertThat(sql.sql("SELECT array_to_tsvector(ARRAY[CAST(:lexeme AS text)]) @@ CAST(:q AS tsquery)")
                    .param("lexeme", lexeme).param("q", lexemes).query(Boolean.class).single()).as(lexeme).isTrue();
        }
        assertThat(sql.sql("SELECT array_to_tsvector(ARRAY['its', 'ab', 'a', 'b', 'c']) @@ CAST(:q AS tsquery)")
                .param("q", lexemes).query(Boolean.class).single()).isFalse();
    }

    @Test
    void theRangeOfAPrefixEndsAtItsLastCodePointIncremented() {
        assertThat(ListingSearch.endOfPrefixRange("tend")).isEqualTo("tene");
        assertThat(ListingSearch.endOfPrefixRange("caf\u00e9")).isEqualTo("caf\u00ea");
        assertThat(ListingSearch.endOfPrefixRange("a\ud7ff")).as("past the surrogates").isEqualTo("a\ue000");
        assertThat(ListingSearch.endOfPrefixRange("a" + Character.toString(0x1F600))).isEqualTo("a" + Character.toString(0x1F601));
        assertThat(ListingSearch.endOfPrefixRange("a" + Character.toString(Character.MAX_CODE_POINT))).isNull();
    }

    @Test
    void aSearchPlansItsStatementsForTheirValues() {
        f.publish(seller, draft(category).title(w + " planned"));
        SearchRequest request = new SearchRequest(w, category, null, null, null, 100L, 90_000L, null, null, null,
                SearchSort.PRICE_ASC, null, 24, true);

        String mode = transactions.execute(tx -> {
            assertThat(search.search(request).data()).hasSize(1);
            // The search joined this transaction, so its SET LOCAL is still in force here.
            return sql.sql("SELECT current_setting('plan_cache_mode')").query(String.class).single();
        });

        assertThat(mode).as("no generic plan guessing how many rows the word, category and prices select")
                .isEqualTo("force_custom_plan");
        assertThat(sql.sql("SELECT current_setting('plan_cache_mode')").query(String.class).single())
                .as("the setting ends with the search's transaction").isEqualTo("auto");
    }

    @Test
    void aSortedTextPageCollectsTheMatchesOfARareWordAndWalksTheSortIndexForACommonOne() {
        String common = SearchFixtures.word();
        transactions.execute(tx -> {
            // 20,000 listings (rolled back), newest first by number: the common word is in every third,
            // the rare one (this test's word) in four.
            jdbc.update("""
                    INSERT INTO search_listings (listing_id, version, seller_id, kind, title, description, tags, category_id,
                      category_path, price_amount, price_currency, published_at)
                    SELECT 'lst_plan_' || i, 1, 'usr_plan', 'course',
                      'filler title ' || i || CASE WHEN i % 3 = 0 THEN ' ' || ? ELSE '' END
                        || CASE WHEN i IN (7, 4000, 12000, 19999) THEN ' ' || ? ELSE '' END,
                      'filler description', '{}', 'cat_plan', ARRAY['cat_plan'], 100 + i, 'USD',
                      now() - i * interval '1 minute'
                    FROM generate_series(1, 20000) i""", common, w);
            jdbc.execute("ANALYZE search_listings");
            ListingSearch.Where rare = where(w);
            ListingSearch.Where frequent = where(common);

            // Collecting visits the 4 matches; walking the date index would check every row for 11 that are not there.
            assertThat(search.pageScan(rare, 11)).isEqualTo(ListingSearch.PageScan.MATCHES_FIRST);
            // Collecting would visit ~6,700 matches; walking checks ~33 rows.
            assertThat(search.pageScan(frequent, 11)).isEqualTo(ListingSearch.PageScan.SORT_ORDER);

            assertThat(pageIds(rare, w, null, ListingSearch.PageScan.MATCHES_FIRST))
                    .containsExactly("lst_plan_7", "lst_plan_4000", "lst_plan_12000", "lst_plan_19999")
                    .isEqualTo(pageIds(rare, w, null, ListingSearch.PageScan.SORT_ORDER));
            assertThat(pageIds(frequent, common, null, ListingSearch.PageScan.MATCHES_FIRST))
                    .startsWith("lst_plan_3", "lst_plan_6", "lst_plan_9").hasSize(11)
                    .isEqualTo(pageIds(frequent, common, null, ListingSearch.PageScan.SORT_ORDER));
            Cursor afterSixth = new Cursor(SearchSort.NEWEST, sql.sql("SELECT published_at FROM search_listings"
                    + " WHERE listing_id = 'lst_plan_6'").query(java.sql.Timestamp.class).single().toInstant(), "lst_plan_6");
            assertThat(pageIds(frequent, common, afterSixth, ListingSearch.PageScan.MATCHES_FIRST))
                    .startsWith("lst_plan_9", "lst_plan_12")
                    .isEqualTo(pageIds(frequent, common, afterSixth, ListingSearch.PageScan.SORT_ORDER));

            // The search itself: the rare word's page, the same as above, through the chosen plan.
            assertThat(search.search(new SearchRequest(w + " ", null, null, null, null, null, null, null, null, null,
                    SearchSort.NEWEST, null, 10, false)).data()).extracting(SearchHit::id)
                    .containsExactly("lst_plan_7", "lst_plan_4000", "lst_plan_12000", "lst_plan_19999");

            String collected = explainPage(rare, w, ListingSearch.PageScan.MATCHES_FIRST);
            assertThat(collected).as(collected).contains("Bitmap Index Scan on search_listings")
                    .doesNotContain("search_listings_newest_idx");
            String walked = explainPage(frequent, common, ListingSearch.PageScan.SORT_ORDER);
            assertThat(walked).as(walked).contains("Index Scan using search_listings_newest_idx");
            tx.setRollbackOnly();
            return null;
        });
    }

    /** A finished word (the space ends it), so it is not also matched as a prefix. */
    private ListingSearch.Where where(String word) {
        SearchRequest request = new SearchRequest(word + " ", null, null, null, null, null, null, null, null, null,
                SearchSort.NEWEST, null, 10, false);
        return ListingSearch.where(request, TextQuery.of(word + " "), ListingSearch.Category.NONE);
    }

    private Map<String, Object> pageParams(ListingSearch.Where where) {
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("limit", 11);
        params.put("cap", 2001);
        return params;
    }

    private List<String> pageIds(ListingSearch.Where where, String word, Cursor after, ListingSearch.PageScan scan) {
        Map<String, Object> params = pageParams(where);
        String statement = ListingSearch.pageStatement(where, TextQuery.of(word + " "), SearchSort.NEWEST, after, false, scan, params);
        return sql.sql(statement).params(params).query((rs, n) -> rs.getString("listing_id")).list();
    }

    private String explainPage(ListingSearch.Where where, String word, ListingSearch.PageScan scan) {
        Map<String, Object> params = pageParams(where);
        String statement = ListingSearch.pageStatement(where, TextQuery.of(word + " "), SearchSort.NEWEST, null, false, scan, params);
        return String.join("\n", sql.sql("EXPLAIN (ANALYZE, COSTS OFF) " + statement).params(params).query(String.class).list());
    }

    /**
     * The plan as run, with the test table's small size not tempting the planner to read it whole
     * (GIN indexes are read only by bitmap scans, which a text search therefore keeps).
     */
    private String explain(String statement, Map<String, Object> params, boolean bitmaps) {
        return transactions.execute(tx -> {
            sql.sql("SET LOCAL enable_seqscan = off").update();
            if (!bitmaps) {
                sql.sql("SET LOCAL enable_bitmapscan = off").update();
            }
            List<String> lines = sql.sql("EXPLAIN (ANALYZE, COSTS OFF) " + statement).params(params).query(String.class).list();
            return String.join("\n", lines);
        });
    }
}
