package dev.mercato.search;

import static dev.mercato.search.SearchFixtures.draft;
import static dev.mercato.search.SearchFixtures.word;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.reviews.ListingRatingChanged;
import dev.mercato.testing.Api;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** GET /v1/search/listings: matching, ranking, filters, facets, sorts, pages and bad input. */
class SearchTests extends SearchIntegrationTest {

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ListingSearch search;
    @Autowired
    JdbcClient named;

    @Test
    void ranksATitleMatchAboveADescriptionMatch() {
        String inDescription = f.publish(seller, draft(category).title("Garden help").description("All about " + w + " and more"));
        String inTitle = f.publish(seller, draft(category).title("The " + w + " service").description("Plain text"));

        JsonNode body = f.search("q", w).body();

        assertThat(SearchFixtures.ids(body)).containsExactly(inTitle, inDescription);
        assertThat(body.path("data").get(0).path("score").asDouble())
                .isGreaterThan(body.path("data").get(1).path("score").asDouble());
        assertThat(body.path("ranked_exact").asBoolean()).as("every match was ranked").isTrue();
        assertThat(f.search("q", w, "sort", "newest").body().has("ranked_exact")).as("only relevance ranks").isFalse();
    }

    @Test
    void ranksTitleMatchesFirstAndReportsARankedSetCutAtTheCap() {
        List<String> inDescription = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inDescription.add(f.publish(seller, draft(category).title("Garden help " + i).description("All about " + w)));
        }
        String inTitle = f.publish(seller, draft(category).title("The " + w + " service").description("Plain text"));
        // A cap of 2: four listings match, so only the first three found (the cap and one more) are ranked.
        ListingSearch capped = new ListingSearch(org.springframework.jdbc.core.simple.JdbcClient.create(jdbc), transactions, clock, 2, false);

        for (boolean facets : List.of(true, false)) {
            SearchResult result = capped.search(new SearchRequest(w, null, null, null, null, null, null, null, null, null,
                    null, null, 10, facets));

            assertThat(result.rankedExact()).as("facets " + facets).isFalse();
            assertThat(result.data().getFirst().id()).as("the title match, published last, is ranked first").isEqualTo(inTitle);
            assertThat(result.data()).hasSize(3);
            assertThat(inDescription).containsAll(result.data().subList(1, 3).stream().map(SearchHit::id).toList());
            if (facets) {
                assertThat(result.totalExact()).isFalse();
                assertThat(result.total()).isEqualTo(2);
            }
        }
        SearchResult all = new ListingSearch(org.springframework.jdbc.core.simple.JdbcClient.create(jdbc), transactions, clock, 10, false)
                .search(new SearchRequest(w, null, null, null, null, null, null, null, null, null, null, null, 10, false));
        assertThat(all.rankedExact()).isTrue();
        assertThat(all.data()).hasSize(4);
    }

    @Test
    void pagesASortedTextQueryWithMoreMatchesThanTheCapInTheirTrueOrder() {
        // Seven matches published in an order unrelated to their prices; a cap of 2, so the facet pass
        // counts only three of them and each page is looked for within the bound those three give.
        long[] prices = {4000, 1000, 7000, 2000, 6000, 3000, 5000};
        java.util.TreeMap<Long, String> byPrice = new java.util.TreeMap<>();
        List<String> published = new ArrayList<>();
        for (long price : prices) {
            String id = f.publish(seller, draft(category).title(w + " item " + price).price(price, "USD"));
            byPrice.put(price, id);
            published.add(id);
        }
        ListingSearch capped = new ListingSearch(org.springframework.jdbc.core.simple.JdbcClient.create(jdbc), transactions, clock, 2, false);
        Map<SearchSort, List<String>> expected = Map.of(
                SearchSort.PRICE_ASC, List.copyOf(byPrice.values()),
                SearchSort.PRICE_DESC, List.copyOf(byPrice.descendingMap().values()),
                SearchSort.NEWEST, published.reversed());

        for (SearchSort sort : expected.keySet()) {
            for (boolean facets : List.of(true, false)) {
                List<String> seen = new ArrayList<>();
                String cursor = null;
                do {
                    SearchResult page = capped.search(new SearchRequest(w, null, null, null, null, null, null, null, null, null,
                            sort, cursor, 2, facets));
                    page.data().forEach(hit -> seen.add(hit.id()));
                    cursor = page.nextCursor();
                } while (cursor != null);

                assertThat(seen).as(sort + ", facets " + facets).containsExactlyElementsOf(expected.get(sort));
            }
        }
    }

    @Test
    void understandsPhrasesOrAndExclusion() {
        String other = word();
        String phrase = f.publish(seller, draft(category).title(w + " " + other + " lessons"));
        String apart = f.publish(seller, draft(category).title(other + " and " + w + " lessons"));
        String onlyOther = f.publish(seller, draft(category).title(other + " only"));

        assertThat(f.ids("q", "\"" + w + " " + other + "\"")).containsExactly(phrase);
        assertThat(f.ids("q", w + " -\"" + w + " " + other + "\"")).containsExactly(apart);
        assertThat(f.ids("q", w + " or " + other)).containsExactlyInAnyOrder(phrase, apart, onlyOther);
        assertThat(f.ids("q", other + " -" + w)).containsExactly(onlyOther);
    }

    @Test
    void matchesTheLastWordAsAPrefixWhileTyping() {
        String listing = f.publish(seller, draft(category).title("Tuning " + w + " engines"));

        assertThat(f.ids("q", "tuning " + w.substring(0, 5))).containsExactly(listing);
        assertThat(f.ids("q", w.substring(0, 6))).containsExactly(listing);
    }

    @Test
    void matchesATypedPrefixThroughTheLexemesThatStartItWithTheSameRowsAndScores() {
        String head = word();
        String inTitle = f.publish(seller, draft(category).title(head + " " + w + "ing lessons"));
        String inDescription = f.publish(seller, draft(category).title(head + " notes").description("See " + w + ".com/x:y first"));
        f.publish(seller, draft(category).title(head + " only"));
        f.publish(seller, draft(category).title(w + " without the first word"));
        TextQuery typed = TextQuery.of(head + " " + w.substring(0, 6));

        TextQuery matched = transactions.execute(tx -> search.matchable(typed));

        // Lexemes as the index holds them, quoted as tsquery operands (':' and '/' inside a quote are the lexeme's).
        assertThat(matched.match()).contains("CAST(:q_lexemes AS tsquery)").doesNotContain(":q_prefix");
        assertThat(matched.sql()).as("ranking and highlights keep the prefix").isEqualTo(typed.sql());
        assertThat((String) matched.params().get("q_lexemes")).contains("'" + w + ".com/x:y'", "'" + w + ".com'");
        assertThat(matching(matched.match(), matched.params())).as("the same rows as the prefix")
                .containsExactlyInAnyOrder(inTitle, inDescription).isEqualTo(matching(typed.sql(), typed.params()));
        JsonNode body = f.search("q", head + " " + w.substring(0, 6)).body();
        assertThat(SearchFixtures.ids(body)).containsExactlyInAnyOrder(inTitle, inDescription);
        for (JsonNode hit : body.path("data")) {
            Map<String, Object> params = new java.util.HashMap<>(typed.params());
            params.put("id", hit.path("id").asString());
            float prefixRank = named.sql("SELECT ts_rank(document, " + typed.sql() + ") FROM search_listings WHERE listing_id = :id")
                    .params(params).query(Float.class).single();
            assertThat(hit.path("score").floatValue()).as("the score of the query as typed").isEqualTo(prefixRank);
        }
    }

    @Test
    void keepsMatchingAPrefixThatStartsTooManyLexemesAsAPrefix() {
        StringBuilder many = new StringBuilder();
        String letters = "bcdfghjkmnpqrtvwxz";
        for (int i = 0; i <= ListingSearch.MAX_PREFIX_LEXEMES; i++) {
            many.append(w).append(letters.charAt(i / letters.length())).append(letters.charAt(i % letters.length())).append(' ');
        }
        String listing = f.publish(seller, draft(category).title("Glossary").description(many.toString()));
        TextQuery typed = TextQuery.of(w);

        TextQuery matched = transactions.execute(tx -> search.matchable(typed));

        assertThat(matched).as("%d lexemes start with the prefix", ListingSearch.MAX_PREFIX_LEXEMES + 1).isEqualTo(typed);
        assertThat(f.ids("q", w)).containsExactly(listing);
    }

    @Test
    void keepsTheLexemesOfEveryIndexedRowHoweverItWasWritten() {
        String other = word();
        f.publish(seller, draft(category).title("Lexicon " + w).description("first " + other));
        // A row written straight into the index (as a bulk load or a restore would) brings its lexemes too.
        String third = word();
        jdbc.update("""
                INSERT INTO search_listings (listing_id, version, seller_id, kind, title, description, tags, category_id,
                  category_path, price_amount, price_currency, published_at)
                VALUES ('lst_lexicon_' || ?, 1, 'usr_lexicon', 'course', 'Straight in', ?, '{}', ?, ARRAY[?], 100, 'USD', now())""",
                third, third + " words", category, category);

        assertThat(jdbc.queryForList("SELECT lexeme FROM search_lexemes WHERE lexeme IN (?, ?, ?)", String.class, w, other, third))
                .containsExactlyInAnyOrder(w, other, third);
        // Several rows in one statement, and a row whose text is changed afterwards.
        String fourth = word();
        String fifth = word();
        String sixth = word();
        jdbc.update("""
                INSERT INTO search_listings (listing_id, version, seller_id, kind, title, description, tags, category_id,
                  category_path, price_amount, price_currency, published_at)
                VALUES ('lst_lexicon_' || ?, 1, 'usr_lexicon', 'course', ?, 'same', '{}', ?, ARRAY[?], 100, 'USD', now()),
                       ('lst_lexicon_' || ?, 1, 'usr_lexicon', 'course', ?, 'same', '{}', ?, ARRAY[?], 100, 'USD', now())""",
                fourth, fourth, category, category, fifth, fifth, category, category);
        jdbc.update("UPDATE search_listings SET title = ? WHERE listing_id = 'lst_lexicon_' || ?", sixth, third);
        assertThat(jdbc.queryForList("SELECT lexeme FROM search_lexemes WHERE lexeme IN (?, ?, ?)", String.class, fourth, fifth,
                sixth)).containsExactlyInAnyOrder(fourth, fifth, sixth);
        jdbc.update("DELETE FROM search_listings WHERE listing_id IN ('lst_lexicon_' || ?, 'lst_lexicon_' || ?, 'lst_lexicon_' || ?)",
                third, fourth, fifth);
    }

    private List<String> matching(String tsquery, Map<String, Object> params) {
        return named.sql("SELECT listing_id FROM search_listings WHERE document @@ " + tsquery).params(params)
                .query(String.class).list();
    }

    @Test
    void correctsATypoInAShortQuery() {
        String listing = f.publish(seller, draft(category).title("Repair of " + w + " gadgets"));
        String typo = w.substring(0, 5) + (w.charAt(5) == 'a' ? 'e' : 'a') + w.substring(6);

        JsonNode body = f.search("q", typo + " ").body();

        assertThat(SearchFixtures.ids(body)).containsExactly(listing);
        assertThat(body.path("corrected_query").asString()).isEqualTo(w);
        assertThat(f.search("q", w).body().has("corrected_query")).as("an exact query is not corrected").isFalse();
    }

    @Test
    void highlightsMatchesInTheReturnedPageEscapingHtml() {
        f.publish(seller, draft(category).title("<b>Bold</b> " + w + " tricks").description("Learn " + w + " fast"));

        JsonNode hit = f.search("q", w).body().path("data").get(0);

        assertThat(hit.path("highlights").path("title").asString())
                .isEqualTo("&lt;b&gt;Bold&lt;/b&gt; <mark>" + w + "</mark> tricks");
        assertThat(hit.path("highlights").path("description").asString()).contains("<mark>" + w + "</mark>");
    }

    @Test
    void filtersByCategoryIncludingItsSubCategories() {
        String child = f.category(category);
        String grandchild = f.category(child);
        String elsewhere = f.category(null);
        String top = f.publish(seller, draft(category).title(w + " top"));
        String deep = f.publish(seller, draft(grandchild).title(w + " deep"));
        f.publish(seller, draft(elsewhere).title(w + " elsewhere"));

        assertThat(f.ids("q", w, "category_id", category)).containsExactlyInAnyOrder(top, deep);
        assertThat(f.ids("q", w, "category_id", child)).containsExactly(deep);
        assertThat(f.ids("q", w, "category_id", grandchild)).containsExactly(deep);
        assertThat(f.ids("q", w, "category_id", elsewhere)).doesNotContain(top, deep).hasSize(1);
        // A text search asks the text index for the category path (V52), a browse the subtree's ids:
        // both find the same listings, with and without facets.
        assertThat(f.ids("q", w, "category_id", category, "facets", "false")).containsExactlyInAnyOrder(top, deep);
        assertThat(f.ids("category_id", category)).containsExactlyInAnyOrder(top, deep);
        assertThat(f.ids("category_id", child)).containsExactly(deep);
    }

    @Test
    void filtersByTagsKindSellerPriceCurrencyFreeAndRating() {
        Api.Client another = f.seller();
        String tagged = f.publish(seller, draft(category).title(w + " one").tags("yoga", "online").price(1500, "USD"));
        String course = f.publish(seller, draft(category).title(w + " two").kind("course").price(0, "USD"));
        String euro = f.publish(another, draft(category).title(w + " three").price(9000, "EUR"));
        rate(euro, 12, 4.5, 4.3);
        rate(tagged, 3, 2.0, 3.1);

        assertThat(f.ids("q", w, "tags", "yoga,online")).containsExactly(tagged);
        assertThat(f.ids("q", w, "tags", "yoga", "tags", "missing")).isEmpty();
        assertThat(f.ids("q", w, "kind", "course")).containsExactly(course);
        assertThat(f.ids("q", w, "seller_id", another.get("/v1/users/me").id())).containsExactly(euro);
        assertThat(f.ids("q", w, "min_price", "1000", "max_price", "2000")).containsExactly(tagged);
        assertThat(f.ids("q", w, "max_price", "0")).containsExactly(course);
        assertThat(f.ids("q", w, "currency", "EUR")).containsExactly(euro);
        assertThat(f.ids("q", w, "free", "true")).containsExactly(course);
        assertThat(f.ids("q", w, "free", "false")).containsExactlyInAnyOrder(tagged, euro);
        assertThat(f.ids("q", w, "min_rating", "4")).containsExactly(euro);
        assertThat(f.ids("q", w, "min_rating", "2")).containsExactlyInAnyOrder(euro, tagged);
    }

    @Test
    void countsFacetsForTheCurrentQuery() {
        String child = f.category(category);
        f.publish(seller, draft(category).title(w + " a").price(0, "USD").kind("course"));
        String rated = f.publish(seller, draft(child).title(w + " b").price(2500, "USD"));
        f.publish(seller, draft(child).title(w + " c").price(25000, "USD"));
        rate(rated, 5, 4.2, 4.0);

        JsonNode body = f.search("q", w, "category_id", category).body();

        assertThat(body.path("total").asLong()).isEqualTo(3);
        assertThat(body.path("total_exact").asBoolean()).isTrue();
        JsonNode facets = body.path("facets");
        assertThat(facets.path("kind").toString()).contains("{\"value\":\"service\",\"count\":2}", "{\"value\":\"course\",\"count\":1}");
        assertThat(facets.path("category").size()).as("one sub-category bucket").isEqualTo(1);
        assertThat(facets.path("category").get(0).path("id").asString()).isEqualTo(child);
        assertThat(facets.path("category").get(0).path("count").asLong()).isEqualTo(2);
        assertThat(bucket(facets.path("price"), "free")).isEqualTo(1);
        assertThat(bucket(facets.path("price"), "10_to_50")).isEqualTo(1);
        assertThat(bucket(facets.path("price"), "100_and_up")).isEqualTo(1);
        assertThat(facets.path("rating").get(0).path("min").asInt()).isEqualTo(4);
        assertThat(facets.path("rating").get(0).path("count").asLong()).isEqualTo(1);
        assertThat(f.search("q", w, "facets", "false").body().has("facets")).isFalse();
    }

    @Test
    void sortsByEachOrder() {
        String cheap = f.publish(seller, draft(category).title(w + " cheap").price(1000, "USD"));
        String dear = f.publish(seller, draft(category).title(w + " dear").price(9000, "USD"));
        String middle = f.publish(seller, draft(category).title(w + " " + w + " middle").price(5000, "USD"));
        rate(cheap, 40, 4.9, 4.8);
        rate(dear, 2, 5.0, 3.9);
        sell(dear, 3);
        sell(middle, 1);

        assertThat(f.ids("q", w, "sort", "newest")).containsExactly(middle, dear, cheap);
        assertThat(f.ids("q", w, "sort", "price_asc")).containsExactly(cheap, middle, dear);
        assertThat(f.ids("q", w, "sort", "price_desc")).containsExactly(dear, middle, cheap);
        assertThat(f.ids("q", w, "sort", "rating")).containsExactly(cheap, dear, middle);
        assertThat(f.ids("q", w, "sort", "popularity")).containsExactly(dear, middle, cheap);
        assertThat(f.ids("q", w, "sort", "relevance").getFirst()).isEqualTo(middle);
    }

    @Test
    void pagesStayStableWhileListingsAreAdded() {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(f.publish(seller, draft(category).title(w + " item " + i).price(1000 + i, "USD")));
        }
        for (String sort : List.of("newest", "price_asc", "relevance")) {
            List<String> seen = new ArrayList<>();
            JsonNode page = f.search("q", w, "sort", sort, "limit", "2").body();
            seen.addAll(SearchFixtures.ids(page));
            f.publish(seller, draft(category).title(w + " added " + sort).price(999, "USD"));
            while (page.path("has_more").asBoolean()) {
                page = f.search("q", w, "sort", sort, "limit", "2", "cursor", page.path("next_cursor").asString()).body();
                seen.addAll(SearchFixtures.ids(page));
                f.publish(seller, draft(category).title(w + " added later " + sort).price(5000, "USD"));
            }
            Set<String> unique = new HashSet<>(seen);
            assertThat(unique).as("no repeats with sort " + sort).hasSameSizeAs(seen);
            assertThat(unique).as("nothing skipped with sort " + sort).containsAll(before);
        }
    }

    @Test
    void browsesWithoutAQueryAndTreatsJunkSyntaxAsBrowse() {
        String listing = f.publish(seller, draft(category).title(w + " browse"));

        for (String junk : List.of("", "   ", "\"(((", "!&|", "'", ":*", "&&||!!", "\\", "the of ")) {
            Api.Response response = f.search("q", junk, "category_id", category);
            assertThat(response.status()).as("q=" + junk).isEqualTo(200);
            assertThat(SearchFixtures.ids(response.body())).as("q=" + junk).containsExactly(listing);
        }
        assertThat(f.search("category_id", category).body().path("sort").asString()).isEqualTo("popularity");
    }

    @Test
    void refusesBadInputWithClearCodes() {
        assertThat(code(f.search("q", "x".repeat(SearchRequest.MAX_QUERY_LENGTH + 1)))).isEqualTo("query_too_long");
        assertThat(f.search("q", "x".repeat(SearchRequest.MAX_QUERY_LENGTH)).status()).isEqualTo(200);
        assertThat(code(f.search("min_price", "-1"))).isEqualTo("invalid_price_range");
        assertThat(code(f.search("max_price", "-5"))).isEqualTo("invalid_price_range");
        assertThat(code(f.search("min_price", "500", "max_price", "100"))).isEqualTo("invalid_price_range");
        assertThat(code(f.search("min_price", "ten"))).isEqualTo("invalid_price_range");
        assertThat(code(f.search("category_id", "cat_nope"))).isEqualTo("unknown_category");
        assertThat(code(f.search("cursor", "not-a-cursor"))).isEqualTo("invalid_cursor");
        assertThat(code(f.search("cursor", "bmV3ZXN0fDF8bHN0XzE"))).isEqualTo("invalid_cursor");
        assertThat(code(f.search("sort", "cheapest"))).isEqualTo("invalid_sort");
        assertThat(code(f.search("kind", "boat"))).isEqualTo("invalid_kind");
        assertThat(code(f.search("min_rating", "6"))).isEqualTo("invalid_rating");
        assertThat(code(f.search("currency", "usd;drop"))).isEqualTo("invalid_currency");
        assertThat(code(f.search("limit", "0"))).isEqualTo("invalid_limit");
        assertThat(code(f.search("free", "maybe"))).isEqualTo("invalid_free");
    }

    @Test
    void refusesACursorOfAnotherSort() {
        for (int i = 0; i < 3; i++) {
            f.publish(seller, draft(category).title(w + " " + i));
        }
        String cursor = f.search("q", w, "sort", "newest", "limit", "1").body().path("next_cursor").asString();

        assertThat(code(f.search("q", w, "sort", "price_asc", "cursor", cursor))).isEqualTo("invalid_cursor");
        assertThat(f.search("q", w, "sort", "newest", "cursor", cursor).status()).isEqualTo(200);
    }

    private static String code(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.raw().headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        return response.code();
    }

    private static long bucket(JsonNode buckets, String name) {
        for (JsonNode b : buckets) {
            if (b.path("bucket").asString().equals(name)) {
                return b.path("count").asLong();
            }
        }
        throw new AssertionError("no bucket " + name);
    }

    /** The reviews module's event, as it publishes it. */
    private void rate(String listing, int count, double mean, double bayesian) {
        transactions.executeWithoutResult(tx -> events.publishEvent(new ListingRatingChanged(listing, count, mean, bayesian)));
        assertThat(SearchFixtures.eventually(() -> jdbc.queryForObject(
                "SELECT rating_count FROM search_listings WHERE listing_id = ?", Integer.class, listing) == count)).isTrue();
    }

    /** {@code times} real paid orders of the listing, each by a new buyer. */
    private void sell(String listing, int times) {
        for (int i = 0; i < times; i++) {
            Api.Client buyer = f.buyer();
            String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", listing)))).id();
            assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                    .isEqualTo("paid");
        }
        assertThat(SearchFixtures.eventually(() -> jdbc.queryForObject(
                "SELECT sales_30d FROM search_listings WHERE listing_id = ?", Integer.class, listing) == times)).isTrue();
    }
}
