package dev.mercato.verification.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Relevance to the prompt, computed only on what the response adds: every run of three or more words
 * copied from the prompt is removed first, so repeating the question does not look relevant. Two
 * similarities to the questions plus guidance, the better one counts: the TF-IDF cosine to the
 * prompt expanded by pseudo-relevance feedback over the corpus (shared words), and the cosine of
 * their vectors over the corpus documents (explicit semantic analysis: shared topic, even in other
 * words).
 */
public final class RelevanceScorer implements Scorer {

    static final double OFF_TOPIC = 0.02;
    static final double ON_TOPIC = 0.12;
    static final double CONCEPT_OFF_TOPIC = 0.08;
    static final double CONCEPT_ON_TOPIC = 0.22;
    /** How many corpus documents a concept vector keeps. */
    static final int CONCEPTS = 100;
    private final Model model;

    public RelevanceScorer(Model model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "relevance";
    }

    @Override
    public String version() {
        return "relevance-v1+tfidf-prf5x40+esa100-copy3+" + model.version();
    }

    @Override
    public double weight() {
        return 0.20;
    }

    @Override
    public boolean intrinsic() {
        return true;
    }

    /** The response's tokens without the runs of three or more words that also occur in the prompt. */
    static List<String> withoutCopies(List<String> tokens, Prompt prompt) {
        boolean[] copied = new boolean[tokens.size()];
        for (int i = 0; i + 3 <= tokens.size(); i++) {
            if (prompt.trigrams().contains(String.join(" ", tokens.subList(i, i + 3)))) {
                copied[i] = copied[i + 1] = copied[i + 2] = true;
            }
        }
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!copied[i]) {
                rest.add(tokens.get(i));
            }
        }
        return rest;
    }

    @Override
    public Score score(Input input) {
        List<String> tokens = input.text().tokens();
        List<String> own = withoutCopies(tokens, input.prompt());
        double copiedShare = tokens.isEmpty() ? 0 : 1 - (double) own.size() / tokens.size();
        List<String> terms = Lexicon.contentTerms(own);
        double cosine = RelevanceIndex.cosine(model.relevance().vector(terms), input.prompt().query());
        double concepts = RelevanceIndex.conceptCosine(model.relevance().concepts(terms, CONCEPTS), input.prompt().concepts());
        // A topic guessed from a handful of words is noise: the topic similarity counts fully from 20 content words.
        double topic = Scorer.ramp(concepts, CONCEPT_OFF_TOPIC, CONCEPT_ON_TOPIC) * Math.min(1, terms.size() / 20.0);
        // What is left after the copies must carry the answer: more than half copied scales the score down.
        double score = Math.max(Scorer.ramp(cosine, OFF_TOPIC, ON_TOPIC), topic) * Math.min(1, (1 - copiedShare) / 0.5);
        List<Check> failed = new ArrayList<>();
        if (copiedShare >= 0.3) {
            failed.add(new Check("copies_prompt", "Much of the answer repeats the question or guidance. Answer it in your own words instead of restating it."));
        }
        if (score < 0.5) {
            failed.add(new Check("off_topic", "The answer does not seem to address the question. Stay with what was asked and be specific about it."));
        }
        String explanation = String.format(java.util.Locale.ROOT,
                "Word similarity to the prompt %.3f (off-topic below %.2f, on-topic from %.2f), topic similarity %.2f "
                        + "(off-topic below %.2f, on-topic from %.2f), after removing %.0f%% of the words as copied from the prompt.",
                cosine, OFF_TOPIC, ON_TOPIC, concepts, CONCEPT_OFF_TOPIC, CONCEPT_ON_TOPIC, 100 * copiedShare);
        return Score.of(this, score, explanation, failed);
    }
}
