package dev.mercato.campaigns.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The key themes of a set of responses: the terms and two-word phrases that occur in the most
 * responses (document frequency, so one long response cannot dominate), stop words removed and
 * bigrams formed only from adjacent non-stop words. Ties go alphabetically so the answer is stable.
 */
public final class Themes {

    /** A term or phrase and in how many responses it occurs. */
    public record Theme(String text, int responses) {
    }

    public record Result(List<Theme> terms, List<Theme> phrases) {
    }

    static final Set<String> STOP_WORDS = Set.of("a", "about", "above", "after", "again", "against", "all", "also", "am",
            "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
            "but", "by", "can", "could", "did", "do", "does", "doing", "don't", "down", "during", "each", "even", "every",
            "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers",
            "herself", "him", "himself", "his", "how", "i", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's",
            "its", "itself", "just", "let", "like", "made", "make", "many", "may", "me", "might", "more", "most", "much",
            "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other",
            "our", "ours", "ourselves", "out", "over", "own", "really", "same", "she", "should", "so", "some", "such",
            "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
            "thing", "things", "think", "this", "those", "through", "to", "too", "under", "until", "up", "us", "use",
            "used", "very", "want", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
            "will", "with", "would", "you", "your", "yours", "yourself", "yourselves");

    private Themes() {
    }

    public static Result of(List<String> responses, int limit) {
        Map<String, Integer> terms = new HashMap<>();
        Map<String, Integer> phrases = new HashMap<>();
        for (String response : responses) {
            List<String> tokens = tokens(response);
            Set<String> seenTerms = new java.util.HashSet<>();
            Set<String> seenPhrases = new java.util.HashSet<>();
            String previous = null;
            for (String token : tokens) {
                boolean content = token.length() > 2 && !STOP_WORDS.contains(token) && !token.chars().allMatch(Character::isDigit);
                if (content) {
                    seenTerms.add(token);
                    if (previous != null) {
                        seenPhrases.add(previous + " " + token);
                    }
                }
                previous = content ? token : null;
            }
            seenTerms.forEach(t -> terms.merge(t, 1, Integer::sum));
            seenPhrases.forEach(p -> phrases.merge(p, 1, Integer::sum));
        }
        return new Result(top(terms, limit, 1), top(phrases, limit, 2));
    }

    /** Lower-cased words; punctuation ends a word (and so breaks a phrase). */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c) || (c == '\'' && !word.isEmpty())) {
                word.append(Character.toLowerCase(c));
            } else {
                if (!word.isEmpty()) {
                    tokens.add(word.toString().toLowerCase(Locale.ROOT));
                    word.setLength(0);
                }
                if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '-') {
                    tokens.add(".");
                }
            }
        }
        tokens.replaceAll(t -> t.endsWith("'s") ? t.substring(0, t.length() - 2) : t);
        return tokens;
    }

    private static List<Theme> top(Map<String, Integer> counts, int limit, int minimum) {
        return counts.entrySet().stream().filter(e -> e.getValue() >= minimum)
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit).map(e -> new Theme(e.getKey(), e.getValue())).toList();
    }
}
