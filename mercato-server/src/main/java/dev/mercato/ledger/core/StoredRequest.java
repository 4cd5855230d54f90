package dev.mercato.ledger.core;

/** An idempotency record: the key, what was asked, and how it ended (a result id or an error). */
public record StoredRequest(String idempotencyKey, byte[] requestHash, String command, String resultId,
        String errorCode, String errorMessage) {
}
