package dev.mercato.verification;

import java.time.Instant;
import java.util.List;

/**
 * The decision on one response.
 *
 * @param outcome    pass, borderline or fail
 * @param score      the weighted total, 0 to 1
 * @param scorers    every scorer's result, with its version
 * @param tips       what to improve, one per failed check
 * @param textSha256 SHA-256 of the scored text
 * @param cached     true when answered from the result cache
 * @param scoredAt   when it was scored
 */
public record Verdict(Outcome outcome, double score, List<ScorerResult> scorers, List<String> tips, String textSha256,
        boolean cached, Instant scoredAt) {
}
