package dev.mercato.reviews;

import java.util.Locale;

/** Where a review stands in moderation; only approved reviews are public and count in the aggregate. */
public enum ReviewState {
    PENDING, APPROVED, REJECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a code; {@link IllegalArgumentException} for anything else. */
    public static ReviewState of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
