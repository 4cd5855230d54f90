package dev.mercato.verification.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writing quality: spelling against the dictionary (the word list plus the corpus vocabulary;
 * capitalised words inside a sentence are taken as names and not checked), sentence structure
 * (sentences that start with a capital and end with punctuation, of a readable length), and
 * repetition (word 3-grams used more than once).
 */
public final class QualityScorer implements Scorer {

    private final Model model;

    public QualityScorer(Model model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "quality";
    }

    @Override
    public String version() {
        return "quality-v1+" + model.version();
    }

    @Override
    public double weight() {
        return 0.15;
    }

    @Override
    public boolean intrinsic() {
        return true;
    }

    boolean spelledRight(String word) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        if (model.dictionary().contains(w)) {
            return true;
        }
        int apostrophe = w.indexOf('\'');
        if (apostrophe > 0) {
            String stem = w.substring(0, apostrophe);
            String tail = w.substring(apostrophe + 1);
            return List.of("s", "t", "ll", "re", "ve", "d", "m").contains(tail)
                    && (model.dictionary().contains(stem) || stem.endsWith("n") && model.dictionary().contains(stem.substring(0, stem.length() - 1)));
        }
        if (w.indexOf('-') > 0) {
            for (String part : w.split("-")) {
                if (!model.dictionary().contains(part)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public Score score(Input input) {
        Text text = input.text();
        int checked = 0;
        List<String> misspelled = new ArrayList<>();
        int wellFormed = 0;
        for (Text.Sentence s : text.sentences()) {
            List<String> words = s.words();
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (!Character.isLetter(w.charAt(0)) || i > 0 && Character.isUpperCase(w.charAt(0)) || w.length() < 2) {
                    continue;
                }
                checked++;
                if (!spelledRight(w)) {
                    misspelled.add(w);
                }
            }
            String t = s.text().strip();
            char first = t.isEmpty() ? ' ' : t.replaceFirst("^[-*•#>\\s\"'“(]+", "").isEmpty() ? ' '
                    : t.replaceFirst("^[-*•#>\\s\"'“(]+", "").charAt(0);
            boolean starts = Character.isUpperCase(first) || Character.isDigit(first);
            boolean ends = t.matches("(?s).*[.!?:;][\"'”’)]*$");
            if (starts && ends && words.size() >= 3 && words.size() <= 60) {
                wellFormed++;
            }
        }
        double spellingErrors = checked == 0 ? 0 : (double) misspelled.size() / checked;
        double spelling = 1 - Scorer.ramp(spellingErrors, 0.04, 0.20);
        double structure = text.sentences().isEmpty() ? 0 : (double) wellFormed / text.sentences().size();
        List<String> tokens = text.tokens();
        Map<String, Integer> trigrams = new HashMap<>();
        for (int i = 0; i + 3 <= tokens.size(); i++) {
            trigrams.merge(String.join(" ", tokens.subList(i, i + 3)), 1, Integer::sum);
        }
        int repeated = 0;
        for (int c : trigrams.values()) {
            if (c > 1) {
                repeated += c;
            }
        }
        double repetitionShare = tokens.size() < 3 ? 0 : (double) repeated / (tokens.size() - 2);
        double repetition = 1 - Scorer.ramp(repetitionShare, 0.10, 0.40);
        List<Check> failed = new ArrayList<>();
        if (spelling < 0.75) {
            failed.add(new Check("spelling", "Check the spelling, for example: "
                    + String.join(", ", misspelled.stream().distinct().limit(5).toList()) + "."));
        }
        if (structure < 0.5) {
            failed.add(new Check("sentence_structure", "Write complete sentences that begin with a capital letter and end with a full stop."));
        }
        if (repetition < 0.6) {
            failed.add(new Check("repetition", "The answer repeats itself. Say each thing once and add something new instead."));
        }
        double score = 0.4 * spelling + 0.3 * Math.min(1, structure / 0.7) + 0.3 * repetition;
        String explanation = String.format(java.util.Locale.ROOT,
                "%d of %d checked words not in the dictionary (%.1f%%), %.0f%% well-formed sentences, %.0f%% of word 3-grams repeated.",
                misspelled.size(), checked, 100 * spellingErrors, 100 * structure, 100 * repetitionShare);
        return Score.of(this, score, explanation, failed);
    }
}
