package dev.mercato.reviews;

import java.util.Locale;

/** Orders of a listing's reviews; each breaks ties by id, newest first, so cursors are stable. */
public enum ReviewSort {
    /** Wilson lower bound of the helpful votes, highest first. */
    HELPFUL,
    NEWEST,
    RATING_DESC,
    RATING_ASC;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReviewSort of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
