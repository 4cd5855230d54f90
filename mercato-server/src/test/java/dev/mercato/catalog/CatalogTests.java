package dev.mercato.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.platform.ApiException;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class CatalogTests extends IntegrationTest {

    @Autowired
    ListingManagement listings;

    HttpFixtures fixtures;
    Api.Client seller;
    String category;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        seller = fixtures.newUserClient();
        category = category(null);
    }

    @Test
    void aCourseGoesFromDraftToPublishedAndEveryPublishedChangeIsANewVersion() {
        String id = created(seller.post("/v1/listings", course("Double-entry for engineers", 0)));
        assertThat(api.anonymous().get("/v1/listings/" + id).status()).isEqualTo(404);
        assertThat(seller.get("/v1/listings/" + id).text("status")).isEqualTo("draft");

        Api.Response published = seller.post("/v1/listings/" + id + "/publish", Map.of());
        assertThat(published.status()).as(published.body().toString()).isEqualTo(200);
        assertThat(published.number("published_version")).isEqualTo(1);
        assertThat(api.anonymous().get("/v1/listings/" + id).text("title")).isEqualTo("Double-entry for engineers");

        Api.Response edited = seller.patch("/v1/listings/" + id, Map.of("title", "Double-entry, second edition"));
        assertThat(edited.number("published_version")).isEqualTo(2);
        assertThat(api.anonymous().get("/v1/listings/" + id + "/versions/1").text("title")).isEqualTo("Double-entry for engineers");
        assertThat(api.anonymous().get("/v1/listings/" + id + "/versions/2").text("title")).isEqualTo("Double-entry, second edition");

        assertThat(seller.post("/v1/listings/" + id + "/unpublish", Map.of()).text("status")).isEqualTo("unpublished");
        assertThat(api.anonymous().get("/v1/listings/" + id).status()).isEqualTo(404);
        Api.Response again = seller.post("/v1/listings/" + id + "/publish", Map.of());
        assertThat(again.number("published_version")).as("unchanged, so no new version").isEqualTo(2);

        assertThat(seller.post("/v1/listings/" + id + "/archive", Map.of()).text("status")).isEqualTo("archived");
        problem(seller.post("/v1/listings/" + id + "/publish", Map.of()), 409, "invalid_listing_transition");
        problem(seller.patch("/v1/listings/" + id, Map.of("title", "x")), 409, "listing_archived");
    }

    @Test
    void publishingNamesEveryMissingPiece() {
        String id = created(seller.post("/v1/listings", Map.of("kind", "course", "title", "Bare",
                "price", Map.of("amount", 0, "currency", "USD"))));

        Api.Response refused = seller.post("/v1/listings/" + id + "/publish", Map.of());

        problem(refused, 422, "listing_not_publishable");
        assertThat(refused.body().path("problems").toString())
                .contains("description", "category", "attributes.level", "attributes.language");
        assertThat(seller.get("/v1/listings/" + id).text("status")).isEqualTo("draft");
    }

    @Test
    void aDigitalProductNeedsAFileAndItsFilesAreVersionedWithIt() throws Exception {
        String id = created(seller.post("/v1/listings", Map.of("kind", "digital_product", "title", "Starter kit",
                "description", "A project template", "category_id", category, "price", Map.of("amount", 0, "currency", "USD"))));
        problem(seller.post("/v1/listings/" + id + "/publish", Map.of()), 422, "listing_not_publishable");

        byte[] zip = "PK fake zip bytes".getBytes(StandardCharsets.UTF_8);
        Api.Response file = seller.upload("/v1/listings/" + id + "/files?name=kit.zip", zip, "application/zip");
        assertThat(file.status()).as(file.body().toString()).isEqualTo(201);
        assertThat(file.number("size_bytes")).isEqualTo(zip.length);
        assertThat(file.text("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip)));
        assertThat(file.text("content_type")).isEqualTo("application/zip");

        Api.Response published = seller.post("/v1/listings/" + id + "/publish", Map.of());
        assertThat(published.status()).as(published.body().toString()).isEqualTo(200);
        problem(seller.send("DELETE", "/v1/listings/" + id + "/files/" + file.id(), null), 422, "listing_not_publishable");

        Api.Response second = seller.upload("/v1/listings/" + id + "/files?name=docs.pdf", new byte[] {1, 2, 3}, "application/pdf");
        assertThat(second.status()).isEqualTo(201);
        JsonNode v2 = api.anonymous().get("/v1/listings/" + id + "/versions/2").body();
        assertThat(v2.path("file_ids").toString()).contains(file.id(), second.id());
        assertThat(api.anonymous().get("/v1/listings/" + id + "/versions/1").body().path("file_ids").toString())
                .doesNotContain(second.id());
        assertThat(listings.openFile(listings.file(file.id()).orElseThrow()).readAllBytes()).isEqualTo(zip);
    }

    @Test
    void refusesEmptyOversizedAndBadlyNamedFiles() {
        String id = created(seller.post("/v1/listings", Map.of("kind", "digital_product", "title", "Files",
                "price", Map.of("amount", 0, "currency", "USD"))));
        problem(seller.upload("/v1/listings/" + id + "/files?name=empty.bin", new byte[0], "application/octet-stream"), 400, "empty_file");
        problem(seller.upload("/v1/listings/" + id + "/files?name=big.bin", new byte[(int) MAX_FILE_BYTES + 1], "application/octet-stream"),
                413, "file_too_large");
        problem(seller.upload("/v1/listings/" + id + "/files?name=../../etc/passwd", new byte[] {1}, "text/plain"), 400, "invalid_file_name");
        assertThat(seller.get("/v1/listings/" + id).body().path("files").size()).isZero();
    }

    @Test
    void aPricedListingNeedsAReadyPayoutAccount() {
        String id = created(seller.post("/v1/listings", course("Paid course", 49_99)));

        Api.Response refused = seller.post("/v1/listings/" + id + "/publish", Map.of());

        problem(refused, 422, "listing_not_publishable");
        assertThat(refused.body().path("problems").toString()).contains("payout account");
    }

    @Test
    void aListingInAnInactiveCategoryCannotBePublished() {
        String id = created(seller.post("/v1/listings", course("Dormant", 0)));
        admin().patch("/v1/categories/" + category, Map.of("active", false));

        Api.Response refused = seller.post("/v1/listings/" + id + "/publish", Map.of());

        problem(refused, 422, "listing_not_publishable");
        assertThat(refused.body().path("problems").toString()).contains("category is not active");
    }

    @Test
    void aServiceNeedsItsDeliveryTime() {
        Map<String, Object> service = Map.of("kind", "service", "title", "Code review", "description", "I review your PR",
                "category_id", category, "price", Map.of("amount", 0, "currency", "USD"), "attributes", Map.of("delivery_days", 2.5));
        String id = created(seller.post("/v1/listings", service));
        problem(seller.post("/v1/listings/" + id + "/publish", Map.of()), 422, "listing_not_publishable");
        seller.patch("/v1/listings/" + id, Map.of("attributes", Map.of("delivery_days", 3)));
        assertThat(seller.post("/v1/listings/" + id + "/publish", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void readsBySellerCategoryAndStatusShowOthersOnlyWhatIsPublished() {
        String live = created(seller.post("/v1/listings", course("Live", 0)));
        seller.post("/v1/listings/" + live + "/publish", Map.of());
        String draft = created(seller.post("/v1/listings", course("Draft", 0)));
        String sellerId = seller.get("/v1/users/me").id();

        assertThat(ids(api.anonymous().get("/v1/listings?category_id=" + category))).containsExactly(live);
        assertThat(ids(api.anonymous().get("/v1/listings?seller_id=" + sellerId))).containsExactly(live);
        assertThat(ids(seller.get("/v1/listings?seller_id=" + sellerId + "&status=draft"))).containsExactly(draft);
        assertThat(ids(fixtures.newUserClient().get("/v1/listings?seller_id=" + sellerId + "&status=draft"))).isEmpty();
        assertThat(ids(admin().get("/v1/listings?category_id=" + category + "&status=draft"))).containsExactly(draft);

        Api.Response firstPage = api.anonymous().get("/v1/listings?status=published&limit=1");
        assertThat(firstPage.body().path("data").size()).isEqualTo(1);
        assertThat(firstPage.body().path("has_more").asBoolean()).isTrue();
    }

    @Test
    void refusesBadListingInput() {
        problem(seller.post("/v1/listings", Map.of("kind", "bundle", "title", "x", "price", Map.of("amount", 1, "currency", "USD"))),
                400, "invalid_kind");
        problem(seller.post("/v1/listings", Map.of("kind", "course", "title", "x", "price", Map.of("amount", -1, "currency", "USD"))),
                400, "invalid_price");
        problem(seller.post("/v1/listings", Map.of("kind", "course", "title", "x", "price", Map.of("amount", 1, "currency", "usd"))),
                400, "invalid_currency");
        problem(seller.post("/v1/listings", Map.of("kind", "course", "title", "x".repeat(201), "price", Map.of("amount", 1, "currency", "USD"))),
                400, "invalid_title");
        problem(seller.post("/v1/listings", Map.of("kind", "course", "title", "x", "category_id", "cat_missing",
                "price", Map.of("amount", 1, "currency", "USD"))), 404, "category_not_found");
        problem(seller.post("/v1/listings", Map.of("kind", "course", "title", "x", "media_urls", List.of("javascript:alert(1)"),
                "price", Map.of("amount", 1, "currency", "USD"))), 400, "invalid_media_urls");
        String id = created(seller.post("/v1/listings", course("Mine", 0)));
        problem(seller.patch("/v1/listings/" + id, Map.of("kind", "service")), 400, "kind_is_fixed");
        problem(fixtures.newUserClient().patch("/v1/listings/" + id, Map.of("title", "stolen")), 404, "listing_not_found");
        problem(fixtures.newUserClient().post("/v1/listings/" + id + "/publish", Map.of()), 404, "listing_not_found");
        problem(api.anonymous().post("/v1/listings", course("Anonymous", 0)), 401, "authentication_required");
    }

    @Test
    void categoriesFormAnOperatorManagedTree() {
        String child = category(category);
        List<String> order = ids(api.anonymous().get("/v1/categories"));
        assertThat(order.indexOf(category)).isLessThan(order.indexOf(child));
        assertThat(api.anonymous().get("/v1/categories/" + child).text("parent_id")).isEqualTo(category);
        problem(seller.post("/v1/categories", Map.of("name", "Mine", "slug", "mine-" + UUID.randomUUID())), 403, "forbidden");
        String slug = api.anonymous().get("/v1/categories/" + child).text("slug");
        problem(admin().post("/v1/categories", Map.of("name", "Twin", "slug", slug)), 409, "slug_taken");
        problem(admin().post("/v1/categories", Map.of("name", "Bad", "slug", "Not A Slug")), 400, "invalid_slug");
        assertThat(admin().patch("/v1/categories/" + child, Map.of("active", false)).body().path("active").asBoolean()).isFalse();
    }

    @Test
    void checkoutCanBuyOnlyThePublishedVersionAtItsPrice() {
        String id = created(seller.post("/v1/listings", course("Priced later", 0)));
        assertThatThrownBy(() -> listings.purchasable(id))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("listing_not_available"));
        seller.post("/v1/listings/" + id + "/publish", Map.of());
        seller.patch("/v1/listings/" + id, Map.of("description", "Now with exercises"));

        ListingVersion buyable = listings.purchasable(id);

        assertThat(buyable.version()).isEqualTo(2);
        assertThat(buyable.description()).isEqualTo("Now with exercises");
        assertThat(buyable.priceAmount()).isZero();
        assertThatThrownBy(() -> listings.purchasable("lst_unknown"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("listing_not_found"));
    }

    private String category(String parent) {
        String slug = "cat-" + UUID.randomUUID();
        Map<String, Object> body = parent == null ? Map.of("name", "Category " + slug, "slug", slug)
                : Map.of("name", "Child " + slug, "slug", slug, "parent_id", parent);
        return created(admin().post("/v1/categories", body));
    }

    private Map<String, Object> course(String title, long price) {
        return Map.of("kind", "course", "title", title, "description", "Learn by doing", "category_id", category,
                "price", Map.of("amount", price, "currency", "USD"), "attributes", Map.of("level", "beginner", "language", "en"));
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.id();
    }

    private static List<String> ids(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().path("data").valueStream().map(n -> n.path("id").asString()).toList();
    }

    private static void problem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }
}
