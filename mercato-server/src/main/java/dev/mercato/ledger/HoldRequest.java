package dev.mercato.ledger;

import java.time.Instant;
import java.util.Map;

/**
 * Reserves {@code amount} on the debit account for a later transfer to the credit account. The
 * amount counts against the debit account's available balance until captured, voided or expired.
 *
 * @param expiresAt when the hold lapses by itself; null for no expiry
 */
public record HoldRequest(String idempotencyKey, AccountId debitAccount, AccountId creditAccount, long amount,
        String asset, Instant expiresAt, String reference, Map<String, String> metadata) {

    public HoldRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
