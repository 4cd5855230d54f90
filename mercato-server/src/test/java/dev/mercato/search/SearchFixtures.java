package dev.mercato.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.Marketplace;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/** Listings made over the public API for search tests, each test with words of its own so results are its own. */
final class SearchFixtures {

    private final Api api;
    private final Api.Client admin;
    private final Marketplace market;

    SearchFixtures(Api api, Api.Client admin, Marketplace market) {
        this.api = api;
        this.admin = admin;
        this.market = market;
    }

    /** A made-up word no other test uses, letters only, so the English stemmer leaves it alone. */
    static String word() {
        StringBuilder w = new StringBuilder("zq");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            w.append("bcdfghjkmnpqrtvwxz".charAt(random.nextInt(18)));
        }
        return w.toString();
    }

    Api.Client buyer() {
        return market.fixtures().newUserClient();
    }

    Api.Client seller() {
        return market.seller();
    }

    String category(String parent) {
        String slug = "s-" + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>(Map.of("name", "Category " + slug.substring(0, 10), "slug", slug));
        if (parent != null) {
            body.put("parent_id", parent);
        }
        Api.Response created = admin.post("/v1/categories", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.id();
    }

    record Draft(String kind, String title, String description, List<String> tags, String category, long price,
            String currency) {

        Draft title(String t) {
            return new Draft(kind, t, description, tags, category, price, currency);
        }

        Draft description(String d) {
            return new Draft(kind, title, d, tags, category, price, currency);
        }

        Draft tags(String... t) {
            return new Draft(kind, title, description, List.of(t), category, price, currency);
        }

        Draft category(String c) {
            return new Draft(kind, title, description, tags, c, price, currency);
        }

        Draft price(long amount, String cur) {
            return new Draft(kind, title, description, tags, category, amount, cur);
        }

        Draft kind(String k) {
            return new Draft(k, title, description, tags, category, price, currency);
        }
    }

    static Draft draft(String category) {
        return new Draft("service", "A service", "Done well", List.of(), category, 2500, "USD");
    }

    /** Creates and publishes the listing; returns its id once search shows it. */
    String publish(Api.Client seller, Draft d) {
        String id = create(seller, d);
        assertThat(seller.post("/v1/listings/" + id + "/publish", Map.of()).status()).isEqualTo(200);
        assertThat(eventually(() -> indexed(id))).as("listing %s reaches the index", id).isTrue();
        return id;
    }

    String create(Api.Client seller, Draft d) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", d.kind());
        body.put("title", d.title());
        body.put("description", d.description());
        body.put("tags", d.tags());
        body.put("category_id", d.category());
        body.put("price", Map.of("amount", d.price(), "currency", d.currency()));
        if (d.kind().equals("course")) {
            body.put("attributes", Map.of("level", "beginner", "language", "en"));
        } else if (d.kind().equals("service")) {
            body.put("attributes", Map.of("delivery_days", 3));
        }
        Api.Response created = seller.post("/v1/listings", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.id();
    }

    boolean indexed(String listingId) {
        return search("seller_id", sellerOf(listingId), "limit", "100").body().path("data").valueStream()
                .anyMatch(h -> h.path("id").asString().equals(listingId));
    }

    private String sellerOf(String listingId) {
        return admin.get("/v1/listings/" + listingId).text("seller_id");
    }

    Api.Response search(String... params) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            query.append(i == 0 ? "?" : "&").append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return api.anonymous().get("/v1/search/listings" + query);
    }

    /** The ids of the hits of a successful search, in order. */
    List<String> ids(String... params) {
        Api.Response response = search(params);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return ids(response.body());
    }

    static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(h -> ids.add(h.path("id").asString()));
        return ids;
    }

    static boolean eventually(BooleanSupplier condition) {
        return dev.mercato.testing.Eventually.holds(condition);
    }
}
