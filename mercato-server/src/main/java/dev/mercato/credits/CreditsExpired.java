package dev.mercato.credits;

import java.time.Instant;

/** The expiry job took the unused rest of a lot out of its wallet ({@code movementId}: the history row, unique per expiry). */
public record CreditsExpired(String movementId, String userId, String lotId, String kind, long units, Instant expiredAt, Instant at) {
}
