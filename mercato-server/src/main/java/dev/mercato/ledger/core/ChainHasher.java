package dev.mercato.ledger.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The journal's tamper evidence: each sealed transaction's canonical form is hashed, and each link
 * of the chain hashes the previous link, the row hash and the link's index. Changing, removing or
 * reordering any sealed row changes every later link.
 */
public final class ChainHasher {

    public static final byte[] GENESIS = new byte[32];

    private ChainHasher() {
    }

    public static byte[] rowHash(String canonical) {
        return sha256().digest(canonical.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] link(byte[] previous, byte[] rowHash, long index) {
        MessageDigest digest = sha256();
        digest.update(previous);
        digest.update(rowHash);
        digest.update(ByteBuffer.allocate(8).putLong(index).array());
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
