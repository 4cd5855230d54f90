package dev.mercato.ledger.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies the ledger API accepts. Numbers are boxed so a missing field is told apart from zero;
 * a null metadata value is refused as a bad parameter.
 */
final class LedgerRequests {

    private LedgerRequests() {
    }

    record CreateAccount(String ownerType, String ownerId, String purpose, String asset, Integer assetScale,
            Boolean allowNegative, Long overdraftLimit, Integer stripes,
            @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> metadata) {
    }

    record UpdateAccount(Long overdraftLimit) {
    }

    record EntryBody(String accountId, String direction, Long amount, String asset) {
    }

    record PostTransaction(String idempotencyKey, String type, List<EntryBody> entries, Instant effectiveAt,
            String reference, @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> metadata) {
    }

    record PlaceHold(String idempotencyKey, String debitAccountId, String creditAccountId, Long amount, String asset,
            Instant expiresAt, Long expiresInSeconds, String reference,
            @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> metadata) {
    }

    record Capture(String idempotencyKey, Long amount) {
    }

    record VoidHold(String idempotencyKey) {
    }

    record Reverse(String idempotencyKey, Long amount, String reason) {
    }
}
