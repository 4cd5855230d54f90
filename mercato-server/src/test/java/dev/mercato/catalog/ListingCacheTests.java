package dev.mercato.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Listing reads go through the read cache (in-process here: the shared test instance has no Redis);
 * a read after any change of the listing — edit, unpublish, publish, a file added or removed,
 * archive — shows the change. TwoInstancesTests does the same across instances sharing Redis.
 */
class ListingCacheTests extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    Api.Client seller;
    String listing;

    @BeforeEach
    void publishedDigitalProduct() {
        HttpFixtures fixtures = new HttpFixtures(api, admin());
        seller = fixtures.newUserClient();
        String slug = "cache-" + UUID.randomUUID();
        String category = admin().post("/v1/categories", Map.of("name", "Category " + slug, "slug", slug)).id();
        listing = seller.post("/v1/listings", Map.of("kind", "digital_product", "title", "Cached kit",
                "description", "Templates", "category_id", category, "price", Map.of("amount", 0, "currency", "USD"))).id();
        assertThat(seller.upload("/v1/listings/" + listing + "/files?name=kit.zip", new byte[] {1, 2}, "application/zip")
                .status()).isEqualTo(201);
        assertThat(seller.post("/v1/listings/" + listing + "/publish", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aRepeatedReadIsServedFromTheCache() {
        double hits = hits();

        Api.Response first = read();
        Api.Response second = read();

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(hits()).isEqualTo(hits + 1);
    }

    @Test
    void aReadAfterEachKindOfChangeShowsTheChange() {
        read();
        read();

        seller.patch("/v1/listings/" + listing, Map.of("title", "Edited kit"));
        assertThat(read().text("title")).isEqualTo("Edited kit");

        String file = seller.upload("/v1/listings/" + listing + "/files?name=extra.pdf", new byte[] {3}, "application/pdf").id();
        assertThat(read().body().path("files").size()).isEqualTo(2);
        assertThat(read().number("latest_version")).isEqualTo(3);

        assertThat(seller.delete("/v1/listings/" + listing + "/files/" + file).status()).isEqualTo(200);
        assertThat(read().body().path("files").size()).isEqualTo(1);

        seller.post("/v1/listings/" + listing + "/unpublish", Map.of());
        assertThat(read().status()).as("an unpublished listing is not public").isEqualTo(404);
        assertThat(seller.get("/v1/listings/" + listing).text("status")).isEqualTo("unpublished");

        seller.post("/v1/listings/" + listing + "/publish", Map.of());
        assertThat(read().text("status")).isEqualTo("published");

        seller.post("/v1/listings/" + listing + "/archive", Map.of());
        assertThat(read().status()).isEqualTo(404);
        assertThat(seller.get("/v1/listings/" + listing).text("status")).isEqualTo("archived");
    }

    @Test
    void aReadAfterAnEditShowsItWhileOthersKeepReading() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        try (ExecutorService readers = Executors.newFixedThreadPool(3)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                running.add(readers.submit(() -> {
                    while (!done.get()) {
                        read();
                    }
                }));
            }
            try {
                for (int edition = 1; edition <= 20; edition++) {
                    assertThat(seller.patch("/v1/listings/" + listing, Map.of("title", "Edition " + edition)).status())
                            .isEqualTo(200);
                    assertThat(read().text("title")).isEqualTo("Edition " + edition);
                }
            } finally {
                done.set(true);
            }
            for (Future<?> reader : running) {
                reader.get();
            }
        }
    }

    @Test
    void anOrderAfterEachKindOfChangeBuysWhatIsOfferedThen() {
        Api.Client buyer = new HttpFixtures(api, admin()).newUserClient();
        assertThat(order(buyer).path("lines").get(0).path("listing_version").asInt()).isEqualTo(1);
        double hits = meters.counter("cache.gets", "cache", "purchasable_listings", "result", "hit").count();
        assertThat(order(buyer).path("lines").get(0).path("title").asString()).isEqualTo("Cached kit");
        assertThat(meters.counter("cache.gets", "cache", "purchasable_listings", "result", "hit").count())
                .as("the second order reads the published version from the cache").isEqualTo(hits + 1);

        seller.patch("/v1/listings/" + listing, Map.of("title", "Edited kit"));
        assertThat(order(buyer).path("lines").get(0).path("title").asString()).isEqualTo("Edited kit");
        assertThat(order(buyer).path("lines").get(0).path("listing_version").asInt()).isEqualTo(2);

        seller.post("/v1/listings/" + listing + "/unpublish", Map.of());
        assertThat(orderResponse(buyer).code()).isEqualTo("listing_not_available");

        seller.patch("/v1/listings/" + listing, Map.of("title", "Republished kit"));
        seller.post("/v1/listings/" + listing + "/publish", Map.of());
        assertThat(order(buyer).path("lines").get(0).path("title").asString()).isEqualTo("Republished kit");

        seller.post("/v1/listings/" + listing + "/archive", Map.of());
        assertThat(orderResponse(buyer).code()).isEqualTo("listing_not_available");
    }

    private tools.jackson.databind.JsonNode order(Api.Client buyer) {
        Api.Response created = orderResponse(buyer);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    private Api.Response orderResponse(Api.Client buyer) {
        return buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", listing))));
    }

    private Api.Response read() {
        return api.anonymous().get("/v1/listings/" + listing);
    }

    private double hits() {
        return meters.counter("cache.gets", "cache", "listings", "result", "hit").count();
    }
}
