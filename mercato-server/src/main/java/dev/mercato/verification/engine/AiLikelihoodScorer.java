package dev.mercato.verification.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * How human the writing looks: the {@link StyleFeatures} of the text (Kneser-Ney perplexity,
 * burstiness, type-token ratio, sentence lengths, function-word profile) combined by the logistic
 * regression trained at build time on human corpus passages against machine-written answers. The
 * score is 1 − P(machine). Texts under 40 words carry too little evidence and score 1.
 */
public final class AiLikelihoodScorer implements Scorer {

    static final int MINIMUM_WORDS = 40;
    private final Model model;

    public AiLikelihoodScorer(Model model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "ai_likelihood";
    }

    @Override
    public String version() {
        return "ai_likelihood-v1+kn3-lr8+" + model.version();
    }

    @Override
    public double weight() {
        return 0.25;
    }

    @Override
    public boolean intrinsic() {
        return true;
    }

    public double machineProbability(Text text) {
        return model.classifier().probability(StyleFeatures.of(text, model.languageModel(), model.humanProfile()).vector());
    }

    @Override
    public Score score(Input input) {
        Text text = input.text();
        if (text.wordCount() < MINIMUM_WORDS) {
            return Score.of(this, 1, "Too short (" + text.wordCount() + " words) to judge the writing style; not counted against it.",
                    List.of());
        }
        StyleFeatures f = StyleFeatures.of(text, model.languageModel(), model.humanProfile());
        double p = model.classifier().probability(f.vector());
        List<Check> failed = new ArrayList<>();
        if (p >= 0.5) {
            failed.add(new Check("machine_like_style", "The writing reads like generated text: write in your own words, "
                    + "from your own experience, and let sentence length and rhythm vary as they do when you think."));
        }
        String explanation = String.format(java.util.Locale.ROOT,
                "Estimated probability of machine-written text %.0f%% (perplexity %.0f, per-sentence spread %.2f, "
                        + "type-token ratio %.2f, mean sentence %.1f words with variation %.2f, function-word distance %.2f).",
                100 * p, f.perplexity(), f.burstiness(), f.typeTokenRatio(), f.meanSentenceLength(), f.sentenceLengthCv(),
                f.functionWordDistance());
        return Score.of(this, 1 - p, explanation, failed);
    }
}
