package dev.mercato.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sellers, published listings and paying buyers over the public API, for the review tests. */
final class ReviewFixtures {

    record Party(String id, Api.Client client) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Api api;
    private final Api.Client admin;
    private final HttpFixtures fixtures;

    ReviewFixtures(Api api, Api.Client admin) {
        this.api = api;
        this.admin = admin;
        this.fixtures = new HttpFixtures(api, admin);
    }

    Party user() {
        String id = fixtures.user();
        return new Party(id, api.as(fixtures.keyFor(id)));
    }

    /** A user with an email address, so the emails meant for it are written. */
    Party userWithEmail(String email) {
        Api.Response created = admin.post("/v1/users", Map.of("name", "Reviewer", "email", email));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return new Party(created.id(), api.as(fixtures.keyFor(created.id())));
    }

    Party seller() {
        return seller(user());
    }

    Party seller(Party seller) {
        seller.client().post("/v1/payout-accounts", Map.of());
        return seller;
    }

    /** A published course of the seller, in a category of its own. */
    String listing(Party seller) {
        String slug = "c-" + UUID.randomUUID();
        String category = admin.post("/v1/categories", Map.of("name", "Category " + slug, "slug", slug)).id();
        Api.Response created = seller.client().post("/v1/listings", Map.of("kind", "course",
                "title", "Course " + UUID.randomUUID(), "description", "Learn", "category_id", category,
                "price", Map.of("amount", 20_00, "currency", "USD"), "attributes", Map.of("level", "beginner", "language", "en")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(seller.client().post("/v1/listings/" + created.id() + "/publish", Map.of()).status()).isEqualTo(200);
        return created.id();
    }

    /** The buyer orders and pays for the listing; returns the order id. */
    String buy(Party buyer, String listing) {
        String order = buyer.client().post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", listing)))).id();
        Api.Response paid = buyer.client().post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));
        assertThat(paid.text("status")).as(paid.body().toString()).isEqualTo("paid");
        return order;
    }

    Party buyerOf(String listing) {
        Party buyer = user();
        buy(buyer, listing);
        return buyer;
    }

    Api.Response write(Party author, String listing, Object stars, String text) {
        return author.client().post("/v1/listings/" + listing + "/reviews", Map.of("stars", stars, "text", text));
    }

    /** A review that passes every automatic check, so it is approved at once; returns its id. */
    String approvedReview(String listing, int stars) {
        Api.Response written = write(buyerOf(listing), listing, stars, clean());
        assertThat(written.status()).as(written.body().toString()).isEqualTo(201);
        assertThat(written.text("status")).isEqualTo("approved");
        return written.id();
    }

    /** Text that passes every check and is unlike any other review's (the duplicate check spans all reviews). */
    static String clean() {
        return "Clear explanations and useful exercises, worth the time. Note " + word();
    }

    /** A made-up word of ten letters, different every time. */
    static String word() {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + (i % 2 == 0 ? RANDOM.nextInt(5) * 5 + 1 : RANDOM.nextInt(26))));
        }
        return word.toString();
    }
}
