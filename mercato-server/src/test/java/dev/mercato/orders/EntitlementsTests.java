package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What a paid order gives its buyer: download links for digital products, a receipt, a history. */
class EntitlementsTests extends IntegrationTest {

    static final byte[] KIT = "PK the starter kit".getBytes(StandardCharsets.UTF_8);

    @Autowired
    MercatoClock clock;

    HttpFixtures fixtures;
    Api.Client seller;
    Api.Client buyer;
    String product;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        seller = fixtures.newUserClient();
        seller.post("/v1/payout-accounts", Map.of());
        String category = admin().post("/v1/categories", Map.of("name", "Kits", "slug", "k-" + UUID.randomUUID())).id();
        product = seller.post("/v1/listings", Map.of("kind", "digital_product", "title", "Starter <kit>",
                "description", "A template", "category_id", category, "price", Map.of("amount", 19_00, "currency", "USD"))).id();
        seller.upload("/v1/listings/" + product + "/files?name=starter%20kit.zip", KIT, "application/zip");
        assertThat(seller.post("/v1/listings/" + product + "/publish", Map.of()).status()).isEqualTo(200);
        buyer = fixtures.newUserClient();
    }

    @Test
    void aPaidDigitalProductCanBeDownloadedALimitedNumberOfTimes() throws Exception {
        String order = paidOrder();
        JsonNode download = downloads(order).get(0);
        assertThat(download.path("name").asString()).isEqualTo("starter kit.zip");
        assertThat(download.path("downloads_left").asInt()).isEqualTo(5);

        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> file = fetch(download.path("url").asString());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(KIT);
            assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment", "starter");
        }
        HttpResponse<byte[]> sixth = fetch(download.path("url").asString());

        assertThat(sixth.statusCode()).isEqualTo(410);
        assertThat(new String(sixth.body(), StandardCharsets.UTF_8)).contains("download_limit_reached");
        assertThat(downloads(order).get(0).path("downloads_left").asInt()).isZero();
    }

    @Test
    void aTamperedLinkIsRefusedAndAnExpiredOneIsReplacedByAFreshOne() throws Exception {
        String order = paidOrder();
        String url = downloads(order).get(0).path("url").asString();
        String tampered = url.substring(0, url.length() - 3) + (url.endsWith("AAA") ? "BBB" : "AAA");

        assertThat(fetch(tampered).statusCode()).isEqualTo(404);
        assertThat(fetch("/v1/downloads/dlt_garbage").statusCode()).isEqualTo(404);

        clock.advance(Duration.ofHours(2));
        HttpResponse<byte[]> stale = fetch(url);
        assertThat(stale.statusCode()).isEqualTo(410);
        assertThat(new String(stale.body(), StandardCharsets.UTF_8)).contains("download_link_expired");
        assertThat(fetch(downloads(order).get(0).path("url").asString()).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(31));
        HttpResponse<byte[]> over = fetch(downloads(order).get(0).path("url").asString());
        assertThat(new String(over.body(), StandardCharsets.UTF_8)).contains("download_expired");
    }

    @Test
    void onlyTheBuyerGetsTheLinks() {
        String order = paidOrder();
        assertThat(fixtures.newUserClient().get("/v1/orders/" + order + "/downloads").status()).isEqualTo(404);
        assertThat(seller.get("/v1/orders/" + order + "/downloads").status()).isEqualTo(404);
    }

    @Test
    void aPaidOrderHasAReceiptAsJsonAndAsEscapedHtml() throws Exception {
        String unpaid = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", product)))).id();
        assertThat(buyer.get("/v1/orders/" + unpaid + "/receipt").code()).isEqualTo("order_not_paid");
        buyer.post("/v1/orders/" + unpaid + "/pay", Map.of("payment_method", "tok_visa"));

        Api.Response receipt = buyer.get("/v1/orders/" + unpaid + "/receipt");
        assertThat(receipt.text("total_formatted")).isEqualTo("USD 19.00");
        assertThat(receipt.body().path("lines").get(0).path("description").asString()).isEqualTo("Starter <kit>");

        HttpResponse<String> html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/orders/" + unpaid + "/receipt"))
                .header("Authorization", "Bearer " + fixtures.keyFor(buyer.get("/v1/users/me").id()))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(html.body()).contains("Starter &lt;kit&gt;", "USD 19.00").doesNotContain("<kit>");
    }

    @Test
    void theHistoryListsTheBuyersOrdersNewestFirst() {
        String first = paidOrder();
        String service = seller.post("/v1/listings", Map.of("kind", "custom", "title", "Extra", "description", "x",
                "category_id", seller.get("/v1/listings/" + product).text("category_id"),
                "price", Map.of("amount", 0, "currency", "USD"))).id();
        seller.post("/v1/listings/" + service + "/publish", Map.of());
        String second = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", service)))).id();

        Api.Response history = buyer.get("/v1/orders?limit=10");

        assertThat(history.body().path("data").valueStream().map(o -> o.path("id").asString()).toList())
                .containsExactly(second, first);
        assertThat(fixtures.newUserClient().get("/v1/orders").body().path("data").size()).isZero();
    }

    private String paidOrder() {
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", product)))).id();
        Api.Response paid = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));
        assertThat(paid.text("status")).as(paid.body().toString()).isEqualTo("paid");
        return order;
    }

    private JsonNode downloads(String order) {
        Api.Response response = buyer.get("/v1/orders/" + order + "/downloads");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().path("data");
    }

    private HttpResponse<byte[]> fetch(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
