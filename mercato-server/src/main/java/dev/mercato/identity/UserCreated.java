package dev.mercato.identity;

import java.time.Instant;

/** Published when a user is created, inside the creating transaction. */
public record UserCreated(String userId, String role, Instant createdAt) {
}
