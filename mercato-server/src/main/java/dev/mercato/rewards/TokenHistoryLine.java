package dev.mercato.rewards;

import java.time.Instant;

/**
 * One movement of a user's tokens, newest first.
 *
 * @param type    what the user sees: {@code earn}, {@code spend}, {@code redeem}, {@code expire} or {@code adjust}
 * @param amount  positive for tokens in, negative for tokens out
 * @param balance the wallet's balance right after it
 */
public record TokenHistoryLine(long sequence, String transactionId, String type, long amount, long balance,
        String reference, Instant at) {
}
