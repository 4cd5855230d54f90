package dev.mercato.verification.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AI-likelihood scorer's measurements of one text: perplexity under the Kneser-Ney model and its
 * spread across sentences (burstiness), the share of unknown words, the type-token ratio, sentence
 * length mean and variation, and the distance of its function-word profile from human writing.
 *
 * @param logPerplexity       log of the text's perplexity (every token of every sentence)
 * @param burstiness          standard deviation of the per-sentence log perplexities
 * @param unknownRate         share of words the model does not know
 * @param typeTokenRatio      moving-average type-token ratio over windows of 50 words
 * @param meanSentenceLength  mean sentence length in words
 * @param sentenceLengthCv    standard deviation of sentence length over its mean
 * @param functionWordDistance cosine distance of the function-word frequencies from the human profile
 * @param functionWordRate    share of words that are function words
 */
public record StyleFeatures(double logPerplexity, double burstiness, double unknownRate, double typeTokenRatio,
        double meanSentenceLength, double sentenceLengthCv, double functionWordDistance, double functionWordRate) {

    public static final List<String> NAMES = List.of("log_perplexity", "burstiness", "unknown_rate", "type_token_ratio",
            "mean_sentence_length", "sentence_length_cv", "function_word_distance", "function_word_rate");
    private static final Map<String, Integer> FUNCTION_INDEX = new HashMap<>();

    static {
        for (int i = 0; i < Lexicon.FUNCTION_WORDS.size(); i++) {
            FUNCTION_INDEX.put(Lexicon.FUNCTION_WORDS.get(i), i);
        }
    }

    public double[] vector() {
        return new double[] {logPerplexity, burstiness, unknownRate, typeTokenRatio, Math.log(1 + meanSentenceLength),
                sentenceLengthCv, functionWordDistance, functionWordRate};
    }

    public double perplexity() {
        return Math.exp(logPerplexity);
    }

    /** Relative frequencies of the function words in a token list. */
    public static double[] functionWordProfile(List<String> tokens) {
        double[] profile = new double[Lexicon.FUNCTION_WORDS.size()];
        for (String token : tokens) {
            Integer i = FUNCTION_INDEX.get(token);
            if (i != null) {
                profile[i]++;
            }
        }
        if (!tokens.isEmpty()) {
            for (int i = 0; i < profile.length; i++) {
                profile[i] /= tokens.size();
            }
        }
        return profile;
    }

    public static StyleFeatures of(Text text, KneserNeyModel lm, double[] humanProfile) {
        double total = 0;
        int predicted = 0;
        int unknown = 0;
        int words = 0;
        List<Text.Sentence> sentences = text.sentences();
        double[] sentencePerplexity = new double[sentences.size()];
        double[] lengths = new double[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            List<String> tokens = sentences.get(i).tokens();
            KneserNeyModel.SentenceScore s = lm.score(tokens);
            total += s.logProbability();
            predicted += s.predicted();
            unknown += s.unknown();
            words += tokens.size();
            sentencePerplexity[i] = -s.logProbability() / s.predicted();
            lengths[i] = tokens.size();
        }
        List<String> tokens = text.tokens();
        double[] profile = functionWordProfile(tokens);
        double functionRate = 0;
        for (double p : profile) {
            functionRate += p;
        }
        return new StyleFeatures(predicted == 0 ? 0 : -total / predicted, std(sentencePerplexity),
                words == 0 ? 0 : (double) unknown / words, movingTypeTokenRatio(tokens, 50), mean(lengths),
                mean(lengths) == 0 ? 0 : std(lengths) / mean(lengths), cosineDistance(profile, humanProfile), functionRate);
    }

    static double movingTypeTokenRatio(List<String> tokens, int window) {
        if (tokens.isEmpty()) {
            return 0;
        }
        if (tokens.size() <= window) {
            return (double) new java.util.HashSet<>(tokens).size() / tokens.size();
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < window; i++) {
            counts.merge(tokens.get(i), 1, Integer::sum);
        }
        double sum = counts.size();
        int windows = 1;
        for (int i = window; i < tokens.size(); i++) {
            counts.merge(tokens.get(i), 1, Integer::sum);
            String out = tokens.get(i - window);
            if (counts.merge(out, -1, Integer::sum) == 0) {
                counts.remove(out);
            }
            sum += counts.size();
            windows++;
        }
        return sum / windows / window;
    }

    static double mean(double[] xs) {
        if (xs.length == 0) {
            return 0;
        }
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double std(double[] xs) {
        if (xs.length < 2) {
            return 0;
        }
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.length - 1));
    }

    static double cosineDistance(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
    }
}
