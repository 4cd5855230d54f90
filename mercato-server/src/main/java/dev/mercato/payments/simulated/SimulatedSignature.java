package dev.mercato.payments.simulated;

import dev.mercato.payments.PaymentException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulated processor's webhook signature, shaped like Stripe's:
 * {@code Mercato-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}, with
 * several {@code v1} allowed while a secret is rotated. Compared in constant time.
 */
final class SimulatedSignature {

    static final String HEADER = "Mercato-Signature";

    private SimulatedSignature() {
    }

    static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret, timestamp, body));
    }

    /**
     * Checks the signature first, then the timestamp, so a forged delivery is reported as forged
     * whatever time it claims.
     */
    static void verify(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            throw invalid("the " + HEADER + " header is missing");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            if (pair[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    throw invalid("the " + HEADER + " timestamp is not a number");
                }
            } else if (pair[0].equals("v1")) {
                try {
                    signatures.add(HexFormat.of().parseHex(pair[1]));
                } catch (IllegalArgumentException e) {
                    // a malformed signature matches nothing
                }
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw invalid("the " + HEADER + " header needs t=<timestamp> and v1=<signature>");
        }
        byte[] expected = hmac(secret, timestamp, body);
        boolean matched = false;
        for (byte[] signature : signatures) {
            matched |= MessageDigest.isEqual(expected, signature);
        }
        if (!matched) {
            throw invalid("the webhook signature does not match its body");
        }
        long age = Math.abs(now.getEpochSecond() - timestamp);
        if (age > tolerance.toSeconds()) {
            throw PaymentException.invalid("stale_webhook", "the webhook was signed " + age
                    + " s from now, beyond the " + tolerance.toSeconds() + " s tolerance; it may be a replay");
        }
    }

    private static PaymentException invalid(String message) {
        return PaymentException.invalid("invalid_signature", message);
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
