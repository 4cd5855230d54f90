package dev.mercato.reviews;

import dev.mercato.reviews.ReviewFixtures.Party;
import dev.mercato.testing.Api;
import dev.mercato.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/** Base of the review tests: a seller with a published listing of its own, and reads of what the public sees. */
abstract class ReviewIntegrationTest extends IntegrationTest {

    ReviewFixtures reviews;
    Party seller;
    String listing;

    @BeforeEach
    void sellerWithAListing() {
        reviews = new ReviewFixtures(api, admin());
        seller = reviews.seller();
        listing = reviews.listing(seller);
    }

    /** The listing's aggregate as anyone reads it. */
    JsonNode rating() {
        return api.anonymous().get("/v1/listings/" + listing + "/reviews").body().path("rating");
    }

    static List<String> ids(Api.Response page) {
        List<String> ids = new ArrayList<>();
        page.body().path("data").forEach(r -> ids.add(r.path("id").asString()));
        return ids;
    }
}
