package dev.mercato.identity;

import java.time.Instant;

/** An API key's public facts; the secret itself is never stored, only its SHA-256. */
public record ApiKey(String id, String userId, String name, String hint, Instant createdAt, Instant lastUsedAt,
        Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
