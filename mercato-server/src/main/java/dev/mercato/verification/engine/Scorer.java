package dev.mercato.verification.engine;

import dev.mercato.verification.ScorerResult;
import dev.mercato.verification.VerificationRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One pluggable scorer: a name, a version (its code and model, so a result can be reproduced), a
 * weight in the total, and a score from 0 (bad) to 1 (good) with an explanation and the checks that
 * failed, each with a tip.
 */
public interface Scorer {

    String name();

    String version();

    double weight();

    /** Whether the score depends on the text, prompt and minimum alone (and may be cached with them). */
    boolean intrinsic();

    Score score(Input input);

    /** What a scorer sees: the request, the analysed text and the analysed prompt. */
    record Input(VerificationRequest request, Text text, Prompt prompt) {
    }

    /** A failed check: its stable name and a tip for the writer. */
    record Check(String name, String tip) {
    }

    /** A scorer's result and the tips of its failed checks, in the same order. */
    record Score(ScorerResult result, List<String> tips) {

        static Score of(Scorer scorer, double score, String explanation, List<Check> failed) {
            List<String> names = new ArrayList<>();
            List<String> tips = new ArrayList<>();
            for (Check c : failed) {
                names.add(c.name());
                tips.add(c.tip());
            }
            double clamped = Math.max(0, Math.min(1, score));
            return new Score(new ScorerResult(scorer.name(), scorer.version(), Math.round(clamped * 1000) / 1000.0,
                    scorer.weight(), explanation, List.copyOf(names)), List.copyOf(tips));
        }
    }

    /** Linear from 0 at {@code zero} to 1 at {@code one} (either order), clamped. */
    static double ramp(double x, double zero, double one) {
        double t = (x - zero) / (one - zero);
        return Math.max(0, Math.min(1, t));
    }
}
