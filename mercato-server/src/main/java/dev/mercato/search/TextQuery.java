package dev.mercato.search;

import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>{@code sql} is the query as typed (ranking and highlights read it); {@code match} is what rows are
 * matched with ({@code @@}): the same, or the same with the prefix spelled out as the lexemes that
 * start with it ({@link #withPrefixLexemes}), which matches exactly the same rows (ADR 0044).
 */
record TextQuery(String text, String sql, String match, Map<String, Object> params) {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern PLAIN = Pattern.compile("[\\p{L}\\p{N}\\s'.,&+]*");
    private static final Pattern OR = Pattern.compile("(?i)(^|\\s)or(\\s|$)");
    /** Shorter last words would match as a prefix almost everything. */
    private static final int MIN_PREFIX = 2;
    /** Typo correction is for short queries: a long one that matches nothing is rarely one typo away. */
    private static final int MAX_CORRECTED_WORDS = 3;
    private static final String PREFIX = "to_tsquery('simple', :q_prefix)";

    static TextQuery of(String text) {
        String trimmed = text.strip();
        List<String> words = words(trimmed);
        boolean typing = !words.isEmpty() && PLAIN.matcher(trimmed).matches() && !OR.matcher(trimmed).find()
                && Character.isLetterOrDigit(text.codePointBefore(text.length()))
                && words.getLast().length() >= MIN_PREFIX;
        if (!typing) {
            String sql = "websearch_to_tsquery('english', :q)";
            return new TextQuery(trimmed, sql, sql, Map.of("q", trimmed));
        }
        String last = words.getLast();
        String head = trimmed.substring(0, trimmed.lastIndexOf(last));
        String sql = "(websearch_to_tsquery('english', :q_head) && (websearch_to_tsquery('english', :q_last) || " + PREFIX + "))";
        return new TextQuery(trimmed, sql, sql,
                Map.of("q_head", head, "q_last", last, "q_prefix", last.toLowerCase(Locale.ROOT) + ":*"));
    }

    /** The prefix while typing as {@code to_tsquery} reads it ({@code 'word':*}), or null when the query has none. */
    String prefixSql() {
        return params.containsKey("q_prefix") ? PREFIX : null;
    }

    /**
     * The same query matching with the given lexemes, every lexeme of the index that starts with the
     * typed prefix, in place of the prefix. GIN reads a prefix's postings whole into a bitmap before
     * intersecting them with the other words and filters; exact lexemes it intersects inside the index,
     * skipping. Ranking and highlights keep the prefix ({@code sql}): {@code ts_rank} divides by the
     * number of query terms, so spelled-out lexemes would change the scores.
     */
    TextQuery withPrefixLexemes(List<String> lexemes) {
        StringBuilder any = new StringBuilder();
        for (String lexeme : lexemes) {
            // tsquery input: a quoted operand is taken as it is, with '' for a quote and \\ for a backslash.
            any.append(any.isEmpty() ? "" : " | ").append('\'')
                    .append(lexeme.replace("\\", "\\\\").replace("'", "''")).append('\'');
        }
        Map<String, Object> expanded = new HashMap<>(params);
        expanded.put("q_lexemes", any.toString());
        return new TextQuery(text, sql, match.replace(PREFIX, "CAST(:q_lexemes AS tsquery)"), Map.copyOf(expanded));
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
