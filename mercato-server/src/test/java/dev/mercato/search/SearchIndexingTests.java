package dev.mercato.search;

import static dev.mercato.search.SearchFixtures.draft;
import static dev.mercato.search.SearchFixtures.word;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What buyers can find follows the catalog: publishing, withdrawing, categories; featured placements; rebuilds. */
class SearchIndexingTests extends SearchIntegrationTest {

    @Autowired
    Featuring featuring;
    @Autowired
    SearchIndexing indexing;
    @Autowired
    SearchIndex index;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    @Test
    void showsAPublishAndAnUnpublishWithinASecond() {
        String listing = f.create(seller, draft(category).title(w + " fresh"));
        assertThat(f.ids("q", w)).isEmpty();

        assertThat(seller.post("/v1/listings/" + listing + "/publish", Map.of()).status()).isEqualTo(200);
        assertThat(within(Duration.ofSeconds(1), () -> f.ids("q", w).contains(listing))).as("visible within 1 s").isTrue();

        assertThat(seller.post("/v1/listings/" + listing + "/unpublish", Map.of()).status()).isEqualTo(200);
        assertThat(within(Duration.ofSeconds(1), () -> f.ids("q", w).isEmpty())).as("gone within 1 s").isTrue();
    }

    @Test
    void showsAnEditOfAPublishedListing() {
        String listing = f.publish(seller, draft(category).title(w + " before"));
        String renamed = word();

        assertThat(seller.patch("/v1/listings/" + listing, Map.of("title", renamed + " after")).status()).isEqualTo(200);

        assertThat(within(Duration.ofSeconds(1), () -> f.ids("q", renamed).contains(listing))).isTrue();
        assertThat(f.ids("q", w)).isEmpty();
    }

    @Test
    void hidesListingsOfAnInactiveCategoryOrOneBelowIt() {
        String child = f.category(category);
        String inParent = f.publish(seller, draft(category).title(w + " parent"));
        String inChild = f.publish(seller, draft(child).title(w + " child"));

        assertThat(admin().patch("/v1/categories/" + child, Map.of("active", false)).status()).isEqualTo(200);
        assertThat(within(Duration.ofSeconds(1), () -> f.ids("q", w).equals(java.util.List.of(inParent)))).isTrue();

        assertThat(admin().patch("/v1/categories/" + category, Map.of("active", false)).status()).isEqualTo(200);
        assertThat(within(Duration.ofSeconds(1), () -> f.ids("q", w).isEmpty())).isTrue();

        admin().patch("/v1/categories/" + category, Map.of("active", true));
        admin().patch("/v1/categories/" + child, Map.of("active", true));
        assertThat(within(Duration.ofSeconds(1), () -> f.ids("q", w).size() == 2)).isTrue();
        assertThat(f.ids("q", w)).containsExactlyInAnyOrder(inParent, inChild);
    }

    @Test
    void showsCurrentFeaturedPlacementsAsTheirOwnBlock() {
        String featured = f.publish(seller, draft(category).title(w + " featured"));
        String later = f.publish(seller, draft(category).title(w + " later"));
        String removed = f.publish(seller, draft(category).title(w + " removed"));
        Instant now = clock.instant();

        Api.Response placed = admin().post("/v1/admin/featured", Map.of("listing_id", featured,
                "starts_at", now.minusSeconds(60).toString(), "ends_at", now.plusSeconds(3600).toString()));
        assertThat(placed.status()).as(placed.body().toString()).isEqualTo(201);
        admin().post("/v1/admin/featured", Map.of("listing_id", later, "starts_at", now.plusSeconds(3600).toString(),
                "ends_at", now.plusSeconds(7200).toString()));
        String gone = admin().post("/v1/admin/featured", Map.of("listing_id", removed,
                "starts_at", now.minusSeconds(60).toString(), "ends_at", now.plusSeconds(3600).toString())).id();
        assertThat(admin().delete("/v1/admin/featured/" + gone).status()).isEqualTo(200);

        JsonNode block = api.anonymous().get("/v1/featured?category_id=" + category).body();
        assertThat(block.path("data").valueStream().map(h -> h.path("listing").path("id").asString()).toList())
                .containsExactly(featured);
        assertThat(block.path("data").get(0).path("source").asString()).isEqualTo("curated");
        assertThat(block.path("data").get(0).path("sponsored").asBoolean()).isFalse();

        JsonNode results = f.search("q", w).body();
        assertThat(results.path("featured").size()).isEqualTo(1);
        assertThat(results.path("featured").get(0).path("listing").path("id").asString()).isEqualTo(featured);
        assertThat(SearchFixtures.ids(results)).as("organic results are unchanged by featuring")
                .containsExactlyInAnyOrder(featured, later, removed);
        assertThat(f.search("q", word()).body().path("featured").size()).as("featured listings must match the query")
                .isZero();
    }

    @Test
    void sellsAPlacementThroughTheJavaApiOncePerReference() {
        String listing = f.publish(seller, draft(category).title(w + " bought"));
        Instant now = clock.instant();
        String reference = "ord_" + word();

        FeaturedPlacement first = featuring.feature(listing, now, now.plusSeconds(3600), FeaturedPlacement.Source.PURCHASED, reference);
        FeaturedPlacement again = featuring.feature(listing, now, now.plusSeconds(3600), FeaturedPlacement.Source.PURCHASED, reference);

        assertThat(again.id()).isEqualTo(first.id());
        JsonNode block = api.anonymous().get("/v1/featured?category_id=" + category).body();
        assertThat(block.path("data").size()).isEqualTo(1);
        assertThat(block.path("data").get(0).path("sponsored").asBoolean()).isTrue();
        assertThat(seller.post("/v1/listings/" + listing + "/unpublish", Map.of()).status()).isEqualTo(200);
        assertThat(within(Duration.ofSeconds(1), () -> api.anonymous().get("/v1/featured?category_id=" + category).body()
                .path("data").isEmpty())).as("a withdrawn listing is not featured").isTrue();
    }

    @Test
    void refusesABadPlacement() {
        String listing = f.publish(seller, draft(category).title(w + " x"));
        Instant now = clock.instant();

        assertThat(admin().post("/v1/admin/featured", Map.of("listing_id", listing, "starts_at", now.toString(),
                "ends_at", now.minusSeconds(1).toString())).code()).isEqualTo("invalid_period");
        assertThat(admin().post("/v1/admin/featured", Map.of("listing_id", "lst_nope", "starts_at", now.toString(),
                "ends_at", now.plusSeconds(1).toString())).status()).isEqualTo(404);
        assertThat(seller.post("/v1/admin/featured", Map.of("listing_id", listing, "starts_at", now.toString(),
                "ends_at", now.plusSeconds(1).toString())).status()).isEqualTo(403);
        assertThat(api.anonymous().get("/v1/featured?category_id=cat_nope").code()).isEqualTo("unknown_category");
    }

    @Test
    void rebuildsTheIndexFromTheCatalog() {
        String listing = f.publish(seller, draft(category).title(w + " rebuilt"));
        jdbc.update("DELETE FROM search_listings WHERE listing_id = ?", listing);
        assertThat(f.ids("q", w)).isEmpty();

        Api.Response rebuilt = admin().post("/v1/admin/search/rebuild", Map.of());

        assertThat(rebuilt.status()).as(rebuilt.body().toString()).isEqualTo(200);
        assertThat(rebuilt.number("indexed")).isPositive();
        assertThat(f.ids("q", w)).containsExactly(listing);
    }

    @Test
    void popularityCountsOnlySalesOfTheLast30Days() {
        String listing = f.publish(seller, draft(category).title(w + " popular"));
        Instant now = clock.instant();
        jdbc.update("INSERT INTO search_sales (order_id, listing_id, paid_at) VALUES (?, ?, ?), (?, ?, ?)",
                "ord_" + word(), listing, java.sql.Timestamp.from(now.minus(Duration.ofDays(2))),
                "ord_" + word(), listing, java.sql.Timestamp.from(now.minus(Duration.ofDays(29)).plusSeconds(60)));
        jdbc.update("UPDATE search_listings SET sales_30d = 2 WHERE listing_id = ?", listing);

        indexing.rollSalesWindow();
        assertThat(sales(listing)).isEqualTo(2);

        jdbc.update("UPDATE search_sales SET paid_at = paid_at - interval '2 days' WHERE listing_id = ?", listing);
        indexing.rollSalesWindow();
        assertThat(sales(listing)).as("the older sale fell out of the window").isEqualTo(1);
    }

    @Test
    void aSaleNeverRewritesTheListingRowAndCountsOnceWhenApplied() {
        String listing = f.publish(seller, draft(category).title(w + " bought"));
        Instant now = clock.instant();
        String order = "ord_" + word();

        long rowBefore = transactions.execute(tx -> {
            long before = xmin(listing);
            index.sale(order, listing, now);
            index.sale(order, listing, now); // a redelivered event
            index.sale("ord_" + word(), listing, now);
            assertThat(xmin(listing)).as("the purchase wrote no new version of the listing row").isEqualTo(before);
            return before;
        });
        indexing.applyFresh();
        indexing.applyFresh();

        assertThat(sales(listing)).as("+1 per distinct sale, applied once").isEqualTo(2);
        assertThat(xmin(listing)).as("applied in one update").isNotEqualTo(rowBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM search_sales_fresh WHERE listing_id = ?", Long.class, listing))
                .isZero();
    }

    @Test
    void aSaleWhileTheListingIsUnpublishedCountsOnceWhenItIsPublishedAgain() {
        String listing = f.publish(seller, draft(category).title(w + " paused"));
        assertThat(seller.post("/v1/listings/" + listing + "/unpublish", Map.of()).status()).isEqualTo(200);
        assertThat(within(Duration.ofSeconds(5), () -> f.ids("q", w).isEmpty())).isTrue();
        transactions.executeWithoutResult(tx -> index.sale("ord_" + word(), listing, clock.instant()));
        indexing.applyFresh();

        assertThat(seller.post("/v1/listings/" + listing + "/publish", Map.of()).status()).isEqualTo(200);
        assertThat(within(Duration.ofSeconds(5), () -> f.ids("q", w).contains(listing))).isTrue();
        indexing.applyFresh();
        indexing.applyFresh();

        assertThat(sales(listing)).as("counted by the apply, not also by the publish").isEqualTo(1);
    }

    private long xmin(String listing) {
        return jdbc.queryForObject("SELECT xmin::text::bigint FROM search_listings WHERE listing_id = ?", Long.class, listing);
    }

    private int sales(String listing) {
        return f.search("q", w).body().path("data").get(0).path("sales_30d").asInt();
    }
    private static boolean within(Duration limit, BooleanSupplier condition) {
        return dev.mercato.testing.Eventually.holds(limit, condition);
    }
}
