package dev.mercato.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The receiver-side check exactly as docs/webhooks.md shows it, written independently of Mercato's signer. */
final class SignatureVerifier {

    private SignatureVerifier() {
    }

    static boolean verify(String header, String body, String secret, long nowSeconds) throws Exception {
        long t = -1;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = Long.parseLong(part.substring(2));
            }
        }
        if (t < 0 || Math.abs(nowSeconds - t) > 300) {
            return false; // missing or stale timestamp: possibly a replayed request
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String part : header.split(",")) {
            if (part.startsWith("v1=")
                    && MessageDigest.isEqual(expected, HexFormat.of().parseHex(part.substring(3)))) {
                return true;
            }
        }
        return false;
    }
}
