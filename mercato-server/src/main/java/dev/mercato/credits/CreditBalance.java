package dev.mercato.credits;

import java.time.Instant;

/**
 * What a user can spend now: unexpired credit only, paid and free apart.
 *
 * @param nextExpiry      when the soonest-expiring unexpired credit expires, or null when none expires
 * @param nextExpiryUnits how many credits expire then (0 when {@code nextExpiry} is null)
 */
public record CreditBalance(String userId, long total, long paid, long free, Instant nextExpiry, long nextExpiryUnits,
        Instant asOf) {
}
