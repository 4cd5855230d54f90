package dev.mercato.rewards;

import java.time.Instant;

/** A user's place on a board: tokens earned in the period and when they reached that total. */
public record BoardEntry(long rank, String userId, long earned, Instant reachedAt) {
}
