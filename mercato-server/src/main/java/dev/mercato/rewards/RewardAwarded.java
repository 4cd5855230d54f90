package dev.mercato.rewards;

import java.time.Instant;

/** Tokens were awarded: published in the award's transaction (leaderboards and webhooks will follow it). */
public record RewardAwarded(String awardId, String ruleId, String userId, String source, long amount, String asset,
        Instant at) {
}
