package dev.mercato.ledger;

/** Captures a hold: {@code amount} null means the whole hold; less releases the rest. */
public record CaptureRequest(String idempotencyKey, Long amount) {
}
