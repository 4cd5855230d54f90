package dev.mercato.platform.flags;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A user's rollout bucket for a flag, 0..9999: the first 64 bits of SHA-256(flag key, NUL, user id)
 * modulo 10,000. It depends on nothing but the two strings, so every instance puts a user in the
 * same bucket, always; a rollout gives a variant to the buckets below its percentage, so raising
 * the percentage only adds users. Salting with the flag key keeps one flag's early adopters from
 * being every flag's early adopters.
 */
final class Buckets {

    static final int COUNT = 10_000;

    private Buckets() {
    }

    static int of(String flagKey, String userId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha256.update(flagKey.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        byte[] digest = sha256.digest(userId.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), COUNT);
    }
}
