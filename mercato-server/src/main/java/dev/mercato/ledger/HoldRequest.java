package dev.mercato.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Reserves {@code amount} on the debit account for a later transfer to the credit account. The
 * amount counts against the debit account's available balance until captured, voided or expired.
 *
 * @param expiresAt when the hold lapses by itself; null for no expiry
 * @param expiresIn instead of {@code expiresAt}: how long after it is placed the hold lapses. It is
 *                  part of the request as given, so a retry under the same key is the same request
 */
public record HoldRequest(String idempotencyKey, AccountId debitAccount, AccountId creditAccount, long amount,
        String asset, Instant expiresAt, String reference, Map<String, String> metadata, Duration expiresIn) {

    public HoldRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public HoldRequest(String idempotencyKey, AccountId debitAccount, AccountId creditAccount, long amount,
            String asset, Instant expiresAt, String reference, Map<String, String> metadata) {
        this(idempotencyKey, debitAccount, creditAccount, amount, asset, expiresAt, reference, metadata, null);
    }
}
