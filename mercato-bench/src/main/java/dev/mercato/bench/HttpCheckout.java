package dev.mercato.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * (e8), (e32): one purchase as a platform's backend makes it for a buyer, over keep-alive HTTP/1.1
 * to the embedded server — {@code POST /v1/orders} with one service, then
 * {@code POST /v1/orders/{id}/pay} with {@code tok_visa} on the simulated processor, which
 * authorizes, holds the amount in the ledger, captures, and splits it among seller, platform and
 * processor. A purchase counts when pay answers 200 with the order {@code paid}.
 *
 * <p>By default each call carries the platform's admin key and {@code Mercato-On-Behalf-Of: usr_…}
 * (the buyer): a platform backend holds one secret, not one per user. With buyer keys, each call
 * carries the buyer's own key instead.
 */
final class HttpCheckout {

    private final BenchHttp http;
    private final CheckoutWorkload workload;
    private final boolean buyerKeys;
    private final AtomicLong purchases = new AtomicLong();
    private final LongAdder createNanos = new LongAdder();
    private final LongAdder payNanos = new LongAdder();
    private final LongAdder timed = new LongAdder();

    HttpCheckout(BenchHttp http, CheckoutWorkload workload, boolean buyerKeys) {
        this.http = http;
        this.workload = workload;
        this.buyerKeys = buyerKeys;
    }

    void purchase() throws IOException, InterruptedException {
        CheckoutWorkload.Buyer buyer = workload.randomBuyer();
        long start = System.nanoTime();
        LeanHttp.Response order = send(buyer, "/v1/orders",
                "{\"items\":[{\"listing_id\":\"" + workload.randomService() + "\"}]}");
        if (order.status() != 201) {
            throw new IOException("create: HTTP " + order.status() + ": " + order.body());
        }
        String id = field(order.body(), "id");
        long created = System.nanoTime();
        LeanHttp.Response paid = send(buyer, "/v1/orders/" + id + "/pay", "{\"payment_method\":\"tok_visa\"}");
        if (paid.status() != 200 || !"paid".equals(field(paid.body(), "status"))) {
            throw new IOException("pay " + id + ": HTTP " + paid.status() + ": " + paid.body());
        }
        long done = System.nanoTime();
        purchases.incrementAndGet();
        createNanos.add(created - start);
        payNanos.add(done - created);
        timed.increment();
    }

    /** Purchases counted since the start, warm-ups included: every one must be a paid order with its split. */
    long purchases() {
        return purchases.get();
    }

    /** Starts a new window for {@link #meanMillis()}. */
    void resetTimings() {
        createNanos.reset();
        payNanos.reset();
        timed.reset();
    }

    /** Mean milliseconds of the create call and of the pay call over the purchases since {@link #resetTimings()}. */
    double[] meanMillis() {
        long n = Math.max(1, timed.sum());
        return new double[] {createNanos.sum() / 1e6 / n, payNanos.sum() / 1e6 / n};
    }

    private LeanHttp.Response send(CheckoutWorkload.Buyer buyer, String path, String body)
            throws IOException, InterruptedException {
        return buyerKeys
                ? http.send("POST", path, body, "Content-Type", "application/json", "Authorization", "Bearer " + buyer.key())
                : http.send("POST", path, body, "Content-Type", "application/json", "Authorization",
                        "Bearer " + MercatoInProcess.ADMIN_KEY, "Mercato-On-Behalf-Of", buyer.id());
    }

    /**
     * The first string value of {@code "name":"…"} in a response: for an order, {@code id} and
     * {@code status} come before any nested object, so the first match is the order's own. Cheaper
     * than parsing the whole body, which would count against the load generator.
     */
    static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int at = json.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int from = at + marker.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }
}
