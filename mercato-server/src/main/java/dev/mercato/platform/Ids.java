package dev.mercato.platform;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Generates prefixed, time-ordered identifiers such as {@code txn_01JD3X…}: a type prefix, then a
 * ULID-style body (48 bits of milliseconds and 80 random bits in Crockford base32), so ids sort
 * roughly by creation and cursor pagination over them is stable.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix, Clock clock) {
        return next(prefix, clock.millis());
    }

    static String next(String prefix, long millis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] body = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            body[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits -> 16 characters of 5 bits each.
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            body[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            body[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return prefix + "_" + new String(body);
    }

    /** True when {@code id} looks like an id of the given prefix; used to reject junk before a query. */
    public static boolean hasPrefix(String id, String prefix) {
        return id != null && id.length() == prefix.length() + 27 && id.startsWith(prefix + "_")
                && id.substring(prefix.length() + 1).chars().allMatch(c -> c < 128 && indexOf((char) c) >= 0);
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
