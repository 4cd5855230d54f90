package dev.mercato.credits;

import java.time.Instant;

/**
 * One grant or purchase of credits ({@code clot_…}). {@code remaining} is what is left to draw;
 * {@code expired} what the expiry job took out once {@code expiresAt} passed. A lot past its expiry
 * is never drawn from, whether or not the job has run yet.
 *
 * @param expiresAt null for credits that never expire
 * @param reference the top-up ({@code ctu_…}) a purchased lot came from, else null
 */
public record CreditLot(String id, String userId, CreditKind kind, CreditSource source, long amount, long remaining,
        long expired, Instant expiresAt, Instant grantedAt, String reason, String reference, String grantedBy,
        String transactionId) {

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
