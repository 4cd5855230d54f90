package dev.mercato.ledger;

import java.time.Instant;
import java.util.Map;

/** A two-phase reservation from one account towards another. */
public record Hold(HoldId id, AccountId debitAccount, AccountId creditAccount, String asset, long amount,
        HoldStatus status, long capturedAmount, TransactionId captureTransaction, Instant expiresAt,
        String reference, Map<String, String> metadata, Instant createdAt, Instant resolvedAt) {
}
