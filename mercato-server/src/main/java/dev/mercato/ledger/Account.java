package dev.mercato.ledger;

import java.time.Instant;
import java.util.Map;

/** A ledger account; its balance rule can change later (overdraft limit), nothing else can. */
public record Account(AccountId id, AccountOwner owner, String purpose, String asset, int assetScale,
        boolean allowNegative, long overdraftLimit, int stripes, Map<String, String> metadata, Instant createdAt) {
}
