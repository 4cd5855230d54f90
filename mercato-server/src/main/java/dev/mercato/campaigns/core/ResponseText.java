package dev.mercato.campaigns.core;

import java.util.Optional;

/**
 * What a response's text must be before it is worth scoring: not blank, not longer than the
 * limit, and text — no NUL or other control characters (tab, line feed and carriage return
 * excepted), no U+FFFD that a decoder puts where bytes were not UTF-8, no unpaired surrogates.
 */
public final class ResponseText {

    /** Why a text was refused: a stable code and a sentence. */
    public record Problem(String code, String message) {
    }

    private ResponseText() {
    }

    public static Optional<Problem> check(String text, int maxCharacters) {
        if (text == null || text.isBlank()) {
            return Optional.of(new Problem("empty_response", "text is required: the response to the campaign's questions"));
        }
        if (text.length() > maxCharacters) {
            return Optional.of(new Problem("response_too_long", "a response has at most " + maxCharacters
                    + " characters; this one has " + text.length()));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD') {
                return Optional.of(new Problem("binary_response", "the response is not valid UTF-8 text (a replacement"
                        + " character at position " + i + ")"));
            }
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return Optional.of(new Problem("binary_response", "the response contains a control character (U+"
                        + String.format("%04X", (int) c) + ") at position " + i + "; send plain text"));
            }
            if (Character.isHighSurrogate(c) ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return Optional.of(new Problem("binary_response", "the response is not valid Unicode text (an unpaired"
                        + " surrogate at position " + i + ")"));
            }
        }
        return Optional.empty();
    }

    /** Words: maximal runs of letters and digits (with inner apostrophes and hyphens). */
    public static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean letter = Character.isLetterOrDigit(text.charAt(i));
            if (letter && !inWord) {
                words++;
            }
            inWord = letter || (inWord && (text.charAt(i) == '\'' || text.charAt(i) == '-') && i + 1 < text.length()
                    && Character.isLetterOrDigit(text.charAt(i + 1)));
        }
        return words;
    }
}
