package dev.mercato.reviews;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The automatic checks a review's text goes through. Each failed check is a reason, by a stable
 * code, for which the review waits for an operator instead of being published at once.
 */
@Component
class ReviewChecks {

    static final String TOO_SHORT = "too_short";
    static final String TOO_LONG = "too_long";
    static final String BANNED_WORDS = "banned_words";
    static final String CONTAINS_LINK = "contains_link";
    static final String DUPLICATE_TEXT = "duplicate_text";
    static final String REPETITIVE = "repetitive";

    private static final Pattern LINK = Pattern.compile(
            "(?i)\\b(?:https?://|www\\.)\\S+|\\b[a-z0-9-]+\\.(?:com|net|org|io|co|biz|info|ru|xyz|top|shop|site|online|link|ly)\\b(?:/\\S*)?");
    /** The same letter or punctuation mark six times in a row ("!!!!!!", "sooooooo"). */
    private static final Pattern RUN = Pattern.compile("([\\p{L}\\p{P}])\\1{5,}");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
    /** Below this many words a low share of distinct words says nothing. */
    private static final int REPETITION_MIN_WORDS = 5;
    private static final double REPETITION_MAX_DISTINCT_SHARE = 0.4;

    private final ReviewsProperties settings;
    private final Set<String> banned;

    ReviewChecks(ReviewsProperties settings) {
        this.settings = settings;
        this.banned = Set.copyOf(settings.bannedWords());
    }

    /** The reasons the text fails; {@code duplicate} says whether another review already has the same text. */
    List<String> reasons(String text, boolean duplicate) {
        List<String> reasons = new ArrayList<>();
        String stripped = text.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length < settings.minLength()) {
            reasons.add(TOO_SHORT);
        }
        if (length > settings.maxLength()) {
            reasons.add(TOO_LONG);
        }
        List<String> words = words(text);
        if (words.stream().anyMatch(banned::contains)) {
            reasons.add(BANNED_WORDS);
        }
        if (LINK.matcher(text).find()) {
            reasons.add(CONTAINS_LINK);
        }
        if (duplicate) {
            reasons.add(DUPLICATE_TEXT);
        }
        if (repetitive(text, words)) {
            reasons.add(REPETITIVE);
        }
        return reasons;
    }

    /** Approved at once when nothing failed and moderation is {@code auto}; otherwise the queue. */
    ReviewState verdict(List<String> reasons) {
        return reasons.isEmpty() && !settings.moderateAll() ? ReviewState.APPROVED : ReviewState.PENDING;
    }

    /** Same text, whatever its case and spacing: the key the duplicate check looks up. */
    static String fingerprint(String text) {
        String normal = String.join(" ", Arrays.asList(text.strip().toLowerCase(Locale.ROOT).split("\\s+")));
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("MD5").digest(normal.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean repetitive(String text, List<String> words) {
        if (RUN.matcher(text).find()) {
            return true;
        }
        return words.size() >= REPETITION_MIN_WORDS
                && new HashSet<>(words).size() <= REPETITION_MAX_DISTINCT_SHARE * words.size();
    }

    private static List<String> words(String text) {
        return WORD.matcher(text.toLowerCase(Locale.ROOT)).results().map(m -> m.group()).toList();
    }
}
