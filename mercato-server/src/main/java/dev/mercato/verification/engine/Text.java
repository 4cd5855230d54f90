package dev.mercato.verification.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A response cut into paragraphs, sentences and words. Every scorer, the trainer and the evaluation
 * read text through this one class, so the language model sees at run time exactly the tokens it was
 * trained on.
 *
 * @param raw        the text as given
 * @param paragraphs how many blank-line separated paragraphs (list items count as their paragraph's lines)
 * @param sentences  the sentences, each with its words in their original case
 */
public record Text(String raw, int paragraphs, List<Sentence> sentences) {

    /** One sentence: its text and its words (letters with inner apostrophes or hyphens, or numbers). */
    public record Sentence(String text, List<String> words) {

        /** The words as the language model sees them: lower case, numbers as {@code <num>}. */
        public List<String> tokens() {
            List<String> tokens = new ArrayList<>(words.size());
            for (String word : words) {
                tokens.add(token(word));
            }
            return tokens;
        }
    }

    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:['’-]\\p{L}+)*|\\d+(?:[.,:]\\d+)*");
    /** A sentence ends at . ! ? (with closing quotes or brackets) followed by white space. */
    private static final Pattern END = Pattern.compile("[.!?]+[\"'”’)\\]]*\\s+");
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof",
            "vs", "etc", "e.g", "i.e", "no", "gen", "col", "gov", "sen", "rep", "rev", "u.s", "inc", "co", "mt", "ft");

    public static Text of(String raw) {
        String text = raw == null ? "" : raw.replace("\r\n", "\n").replace('\r', '\n');
        List<Sentence> sentences = new ArrayList<>();
        int paragraphs = 0;
        for (String paragraph : text.split("\\n\\s*\\n")) {
            if (paragraph.isBlank()) {
                continue;
            }
            paragraphs++;
            for (String line : paragraph.split("\\n")) {
                split(line.strip(), sentences);
            }
        }
        return new Text(raw, paragraphs, List.copyOf(sentences));
    }

    private static void split(String line, List<Sentence> into) {
        if (line.isEmpty()) {
            return;
        }
        Matcher end = END.matcher(line);
        int start = 0;
        while (end.find()) {
            String before = line.substring(start, end.start());
            int space = before.lastIndexOf(' ');
            String last = before.substring(space + 1).toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}]+", "");
            boolean abbreviation = ABBREVIATIONS.contains(last) || last.length() == 1 && Character.isLetter(last.charAt(0))
                    && line.charAt(end.start()) == '.';
            if (abbreviation || end.end() < line.length() && Character.isLowerCase(line.charAt(end.end()))) {
                continue;
            }
            add(line.substring(start, end.end()).strip(), into);
            start = end.end();
        }
        add(line.substring(start).strip(), into);
    }

    private static void add(String sentence, List<Sentence> into) {
        List<String> words = words(sentence);
        if (!words.isEmpty()) {
            into.add(new Sentence(sentence, List.copyOf(words)));
        }
    }

    /** The words of a piece of text, in their original case. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text == null ? "" : text);
        while (m.find()) {
            words.add(m.group().replace('’', '\''));
        }
        return words;
    }

    /** A word as the language model and the other scorers see it. */
    public static String token(String word) {
        return Character.isDigit(word.charAt(0)) ? "<num>" : word.toLowerCase(Locale.ROOT).replace('’', '\'');
    }

    public List<String> words() {
        List<String> all = new ArrayList<>();
        for (Sentence s : sentences) {
            all.addAll(s.words());
        }
        return all;
    }

    public List<String> tokens() {
        List<String> all = new ArrayList<>();
        for (Sentence s : sentences) {
            all.addAll(s.tokens());
        }
        return all;
    }

    public int wordCount() {
        int n = 0;
        for (Sentence s : sentences) {
            n += s.words().size();
        }
        return n;
    }
}
