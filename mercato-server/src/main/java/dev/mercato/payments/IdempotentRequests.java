package dev.mercato.payments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * What every idempotent payments call checks: a well-formed key, and a fingerprint of the request
 * so the same key with a different request is told apart. Shared by Mercato's payment attempts
 * and the simulated processor, which honours keys the way Stripe does.
 */
public final class IdempotentRequests {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private IdempotentRequests() {
    }

    /** @throws PaymentException 400 {@code invalid_idempotency_key} unless 1 to 255 visible ASCII characters */
    public static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw PaymentException.invalid("invalid_idempotency_key",
                    "an idempotency key of 1 to 255 visible ASCII characters is required");
        }
    }

    /** SHA-256 over the parts, each as text and separated, so ("ab", "c") and ("a", "bc") differ. */
    public static byte[] fingerprint(Object... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
