package dev.mercato.platform;

import java.util.Map;

/**
 * Guards text that can end up in an email header — an address, a name, a subject. A line break
 * there would let whoever wrote it add headers of their own (Bcc, a second body), so such text
 * is refused where it enters, before anything is stored.
 */
public final class HeaderText {

    public static final String CODE = "control_characters_not_allowed";

    private HeaderText() {
    }

    /** True when the text has no CR, LF, tab or other control character, nor a Unicode line or paragraph separator. */
    public static boolean isSafe(String text) {
        return text == null || text.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
    }

    /** Refuses text that is not {@link #isSafe safe} with a 400 naming the parameter. */
    public static void require(String text, String parameter) {
        if (!isSafe(text)) {
            throw new ApiException(400, CODE, parameter + " must not contain line breaks or other control characters",
                    Map.of("param", parameter));
        }
    }
}
