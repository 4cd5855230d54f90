package dev.mercato.verification.engine;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Fixed word lists and the light stemmer the scorers share. No sentiment list exists here, by design. */
public final class Lexicon {

    private Lexicon() {
    }

    /** The function words whose relative frequencies make the function-word profile (AI-likelihood). */
    public static final List<String> FUNCTION_WORDS = List.of("the", "of", "and", "to", "a", "in", "that", "is",
            "was", "he", "for", "it", "with", "as", "his", "on", "be", "at", "by", "i", "this", "had", "not", "are",
            "but", "from", "or", "have", "an", "they", "which", "one", "you", "were", "her", "all", "she", "there",
            "would", "their", "we", "him", "been", "has", "when", "who", "will", "more", "no", "if", "out", "so",
            "what", "up", "its", "about", "into", "than", "them", "can", "only", "other", "some", "could", "these",
            "may", "then", "do", "any", "my", "now", "such", "like", "our", "over", "also", "did", "many", "must",
            "through", "where", "much", "your", "should", "because", "each", "just", "those", "how", "while");

    /** Words too common to say anything about a topic (relevance). */
    public static final Set<String> STOP_WORDS;

    static {
        java.util.HashSet<String> stop = new java.util.HashSet<>(FUNCTION_WORDS);
        stop.addAll(List.of("is", "am", "are", "being", "me", "us", "yours", "ours", "theirs", "himself", "herself",
                "itself", "myself", "yourself", "ourselves", "themselves", "very", "too", "here", "why", "whom",
                "whose", "am", "does", "doing", "done", "get", "got", "make", "made", "say", "said", "go", "went", "know",
                "think", "thing", "things", "way", "well", "even", "still", "yet", "own", "same", "both", "few",
                "most", "again", "once", "off", "down", "under", "further", "between", "against", "during", "before",
                "after", "above", "below", "until", "nor", "just", "don't", "can't", "it's", "i'm", "you", "really",
                "<num>", "s", "t", "would", "might", "shall", "let", "one", "two", "new", "good", "much", "many",
                "lot", "also", "however", "therefore", "something", "anything", "everything", "someone", "people",
                "describe", "explain", "tell", "write", "answer", "question", "please", "example", "words"));
        STOP_WORDS = Set.copyOf(stop);
    }

    /** A light suffix-stripping stem so "churches", "church" and "church's" meet. */
    public static String stem(String token) {
        String w = token.toLowerCase(Locale.ROOT);
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && (w.endsWith("sses") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return w.substring(0, w.length() - 2);
        }
        return w;
    }

    /** The content terms of a text: stems of its words that are not stop words, in order. */
    public static List<String> contentTerms(List<String> tokens) {
        List<String> out = new java.util.ArrayList<>();
        for (String token : tokens) {
            if (token.length() > 1 && !STOP_WORDS.contains(token) && Character.isLetter(token.charAt(0))) {
                out.add(stem(token));
            }
        }
        return out;
    }
}
