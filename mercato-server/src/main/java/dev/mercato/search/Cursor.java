package dev.mercato.search;

import dev.mercato.platform.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Where a page ended: the sort, its key value and the id of the last row, opaque to clients
 * (base64url). Continuing from it is a keyset condition, so rows added meanwhile never shift a
 * later page: nothing is repeated or skipped.
 */
record Cursor(SearchSort sort, Object key, String listingId) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,64}");

    String encode() {
        String plain = sort.code() + "|" + (key instanceof Instant i ? i.toString() : String.valueOf(key)) + "|" + listingId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor a previous page of the same sort returned; anything else is a 400 invalid_cursor. */
    static Cursor decode(String cursor, SearchSort expected) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals(expected.code()) || !ID.matcher(parts[2]).matches()) {
                throw invalid();
            }
            Object key = switch (expected) {
                case RELEVANCE -> Float.parseFloat(parts[1]);
                case NEWEST -> Instant.parse(parts[1]);
                case PRICE_ASC, PRICE_DESC -> Long.parseLong(parts[1]);
                case RATING -> Double.parseDouble(parts[1]);
                case POPULARITY -> Integer.parseInt(parts[1]);
            };
            if (key instanceof Float f && !Float.isFinite(f) || key instanceof Double d && !Double.isFinite(d)) {
                throw invalid();
            }
            return new Cursor(expected, key, parts[2]);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.invalid("invalid_cursor",
                "cursor is not one this search returned (cursors belong to the sort they came from)");
    }
}
