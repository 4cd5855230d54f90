package dev.mercato.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The marketplace the checkout phases buy from, set up over the public API as a platform backend
 * would (admin key, acting for its users with {@code Mercato-On-Behalf-Of}); setup, not measured.
 * Each seller gets a user, a ready payout account (the simulated processor onboards at once), and
 * publishes a priced course and two priced services; buyers are plain users, with an API key
 * each when they are to call with their own. Purchases buy services, which a buyer may buy again
 * and again, so no purchase ever meets {@code already_purchased}; the courses make the catalog a
 * realistic one (a course bought twice by one buyer would be refused).
 */
final class CheckoutWorkload {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A buyer: the user id, and its own API key when buyers authenticate themselves (else null). */
    record Buyer(String id, String key) {
    }

    private final List<String> services;
    private final List<Buyer> buyers;
    private final int sellers;

    private CheckoutWorkload(List<String> services, List<Buyer> buyers, int sellers) {
        this.services = services;
        this.buyers = buyers;
        this.sellers = sellers;
    }

    static CheckoutWorkload setUp(int port, int sellerCount, int buyerCount, boolean buyerKeys, int threads)
            throws Exception {
        Setup setup = new Setup(port);
        String category = setup.post("/v1/categories", null, Map.of("name", "Benchmark",
                "slug", "bench-" + ProcessHandle.current().pid()), 201).path("id").asString();
        List<List<String>> listings = parallel(sellerCount, threads, i -> setup.seller(i, category));
        List<Buyer> buyers = parallel(buyerCount, threads, i -> setup.buyer(i, buyerKeys));
        List<String> services = listings.stream().flatMap(l -> l.subList(1, l.size()).stream()).toList();
        return new CheckoutWorkload(services, buyers, sellerCount);
    }

    Buyer randomBuyer() {
        return buyers.get(ThreadLocalRandom.current().nextInt(buyers.size()));
    }

    String randomService() {
        return services.get(ThreadLocalRandom.current().nextInt(services.size()));
    }

    String describe() {
        return String.format("%d sellers (ready payout accounts, %d courses and %d services published), %d buyers",
                sellers, sellers, services.size(), buyers.size());
    }

    /** The setup calls, made with the admin key; each answer must have the expected status. */
    private static final class Setup {

        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;

        Setup(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        /** A seller onboarded for payouts with a course and two services published; returns [course, service, service]. */
        List<String> seller(int i, String category) throws IOException, InterruptedException {
            String seller = post("/v1/users", null, Map.of("name", "Bench seller " + i), 201).path("id").asString();
            String status = post("/v1/payout-accounts", seller, Map.of("country", "US"), 200).path("status").asString();
            if (!status.equals("ready")) {
                throw new IOException("the payout account of " + seller + " is " + status + ", not ready");
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            List<String> listings = new ArrayList<>();
            listings.add(publish(seller, Map.of("kind", "course", "title", "Bench course " + i, "description", "Learn",
                    "category_id", category, "price", price(random.nextLong(19_00, 199_00)),
                    "attributes", Map.of("level", "beginner", "language", "en"))));
            for (int s = 0; s < 2; s++) {
                listings.add(publish(seller, Map.of("kind", "service", "title", "Bench service " + i + "." + s,
                        "description", "A review", "category_id", category, "price", price(random.nextLong(5_00, 250_00)),
                        "attributes", Map.of("delivery_days", 3))));
            }
            return listings;
        }

        Buyer buyer(int i, boolean withKey) throws IOException, InterruptedException {
            String id = post("/v1/users", null, Map.of("name", "Bench buyer " + i), 201).path("id").asString();
            String key = withKey
                    ? post("/v1/api-keys", null, Map.of("user_id", id, "name", "bench"), 201).path("secret").asString()
                    : null;
            return new Buyer(id, key);
        }

        private String publish(String seller, Map<String, Object> listing) throws IOException, InterruptedException {
            String id = post("/v1/listings", seller, listing, 201).path("id").asString();
            post("/v1/listings/" + id + "/publish", seller, Map.of(), 200);
            return id;
        }

        private static Map<String, Object> price(long amount) {
            return Map.of("amount", amount, "currency", "USD");
        }

        JsonNode post(String path, String onBehalfOf, Map<String, ?> body, int expected)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + MercatoInProcess.ADMIN_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (onBehalfOf != null) {
                request.header("Mercato-On-Behalf-Of", onBehalfOf);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IOException("setup: POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(int index) throws Exception;
    }

    private static <T> List<T> parallel(int count, int threads, Task<T> task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
