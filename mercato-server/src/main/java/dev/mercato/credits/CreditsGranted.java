package dev.mercato.credits;

import java.time.Instant;

/** Free credits were granted: the signup grant or an operator's promotional grant. */
public record CreditsGranted(String userId, String lotId, String source, long units, Instant expiresAt, String reason,
        Instant at) {
}
