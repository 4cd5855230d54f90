package dev.mercato.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's query as a PostgreSQL tsquery expression. {@code websearch_to_tsquery} reads web-search
 * syntax ("quoted phrase", or, -exclusion) and never fails on junk. While the user is still typing
 * the last word (the query ends in a letter or digit and uses no operators), that word also
 * matches as a prefix: {@code pyth} finds python.
 */
record TextQuery(String text, String sql, Map<String, Object> params) {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern PLAIN = Pattern.compile("[\\p{L}\\p{N}\\s'.,&+]*");
    private static final Pattern OR = Pattern.compile("(?i)(^|\\s)or(\\s|$)");
    /** Shorter last words would match as a prefix almost everything. */
    private static final int MIN_PREFIX = 2;
    /** Typo correction is for short queries: a long one that matches nothing is rarely one typo away. */
    private static final int MAX_CORRECTED_WORDS = 3;

    static TextQuery of(String text) {
        String trimmed = text.strip();
        List<String> words = words(trimmed);
        boolean typing = !words.isEmpty() && PLAIN.matcher(trimmed).matches() && !OR.matcher(trimmed).find()
                && Character.isLetterOrDigit(text.codePointBefore(text.length()))
                && words.getLast().length() >= MIN_PREFIX;
        if (!typing) {
            return new TextQuery(trimmed, "websearch_to_tsquery('english', :q)", Map.of("q", trimmed));
        }
        String last = words.getLast();
        String head = trimmed.substring(0, trimmed.lastIndexOf(last));
        return new TextQuery(trimmed, "(websearch_to_tsquery('english', :q_head) && (websearch_to_tsquery('english', :q_last)"
                + " || to_tsquery('simple', :q_prefix)))",
                Map.of("q_head", head, "q_last", last, "q_prefix", last.toLowerCase(Locale.ROOT) + ":*"));
    }

    /** True when the query is short and plain enough for typo correction. */
    boolean correctable() {
        List<String> words = words(text);
        return !words.isEmpty() && words.size() <= MAX_CORRECTED_WORDS && PLAIN.matcher(text).matches();
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
