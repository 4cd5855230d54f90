package dev.mercato.rewards;

import java.time.Instant;
import java.util.List;

/** A group of users (a class, a team) with its own leaderboard; its owner adds members. */
public record RewardGroup(String id, String name, String ownerId, Instant createdAt, List<String> members) {
}
