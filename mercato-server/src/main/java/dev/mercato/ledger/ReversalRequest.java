package dev.mercato.ledger;

/**
 * Reverses a transaction, fully ({@code amount} null: whatever is not yet reversed) or partly,
 * spreading the amount over the original legs in proportion with exact largest-remainder rounding.
 */
public record ReversalRequest(String idempotencyKey, Long amount, String reason) {
}
