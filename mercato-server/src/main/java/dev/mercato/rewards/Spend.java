package dev.mercato.rewards;

import java.time.Instant;

/**
 * Tokens a user spent on a catalog item, and the benefit it bought.
 *
 * @param expiresAt when the benefit ends; null for good
 * @param balance   the user's token balance right after the spend
 */
public record Spend(String id, String itemId, String userId, long price, String asset, String disposal,
        String transactionId, Instant spentAt, Instant expiresAt, long balance) {

    public boolean activeAt(Instant at) {
        return expiresAt == null || expiresAt.isAfter(at);
    }
}
