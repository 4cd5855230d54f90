package dev.mercato.bench;

import java.io.IOException;

/**
 * (d): the transfer of (b) as an API client makes it: {@code POST /v1/ledger/transactions} with an
 * admin key over keep-alive HTTP/1.1 connections to the embedded server. The idempotency key
 * travels in the body (the ledger's own idempotency, in the same database transaction as the
 * postings) or, optionally, also as an {@code Idempotency-Key} header, which adds the API's
 * response-replay records around the call.
 */
final class HttpTransfers {

    private final BenchHttp http;
    private final LedgerWorkload workload;
    private final boolean headerKey;

    HttpTransfers(BenchHttp http, LedgerWorkload workload, boolean headerKey) {
        this.http = http;
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
        String auth = "Bearer " + MercatoInProcess.ADMIN_KEY;
        LeanHttp.Response response = headerKey
                ? http.send("POST", "/v1/ledger/transactions", body, "Authorization", auth, "Content-Type",
                        "application/json", "Idempotency-Key", idempotencyKey)
                : http.send("POST", "/v1/ledger/transactions", body, "Authorization", auth, "Content-Type",
                        "application/json");
        if (response.status() != 201) {
            throw new IOException("HTTP " + response.status() + ": " + response.body());
        }
    }
}
