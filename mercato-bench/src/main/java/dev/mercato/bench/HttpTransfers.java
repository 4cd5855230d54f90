package dev.mercato.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * (d): the transfer of (b) as an API client makes it: {@code POST /v1/ledger/transactions} with an
 * admin key over keep-alive HTTP/1.1 connections to the embedded server. The idempotency key
 * travels in the body (the ledger's own idempotency, in the same database transaction as the
 * postings) or, optionally, also as an {@code Idempotency-Key} header, which adds the API's
 * response-replay records around the call.
 */
final class HttpTransfers {

    /** Threads named {@code HttpClient-…} (the client's selector) and {@code bench-http-…} (its executor). */
    static final java.util.List<String> CLIENT_THREAD_PREFIXES = java.util.List.of("HttpClient-", "bench-http-");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(java.util.concurrent.Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("bench-http-", 0).factory()))
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final LedgerWorkload workload;
    private final boolean headerKey;

    HttpTransfers(int port, LedgerWorkload workload, boolean headerKey) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/v1/ledger/transactions");
        this.workload = workload;
        this.headerKey = headerKey;
    }

    void transfer(String idempotencyKey) throws IOException, InterruptedException {
        LedgerWorkload.Pair pair = workload.randomPair();
        long amount = LedgerWorkload.randomAmount();
        String body = """
                {"idempotency_key":"%s","type":"bench.transfer","entries":[\
                {"account_id":"%s","direction":"debit","amount":%d,"asset":"USD"},\
                {"account_id":"%s","direction":"credit","amount":%d,"asset":"USD"}]}"""
                .formatted(idempotencyKey, pair.from().value(), amount, pair.to().value(), amount);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + MercatoInProcess.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headerKey) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
