package dev.mercato.verification.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * MinHash signatures of a text's word 3-shingles (Broder 1997): 128 independent 32-bit minima, so
 * the share of equal positions in two signatures estimates the Jaccard similarity of their shingle
 * sets (standard error about 0.044 at 128 hashes). The hash functions are fixed (seeded), so
 * signatures stored today compare with signatures made by a later run.
 */
public final class MinHash {

    public static final int HASHES = 128;
    public static final int SHINGLE = 3;
    public static final String VERSION = "minhash-128x3w-v1";
    private static final long[] SEEDS = new long[HASHES];

    static {
        long s = 0x5EEDF00DL;
        for (int i = 0; i < HASHES; i++) {
            s += 0x9E3779B97F4A7C15L;
            SEEDS[i] = mix(s);
        }
    }

    private MinHash() {
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** The signature of a list of lower-case words; a text shorter than a shingle is one shingle. */
    public static int[] signature(List<String> words) {
        int[] minima = new int[HASHES];
        Arrays.fill(minima, Integer.MAX_VALUE);
        int shingles = Math.max(1, words.size() - SHINGLE + 1);
        long[] wordHashes = new long[words.size()];
        for (int i = 0; i < words.size(); i++) {
            wordHashes[i] = hash(words.get(i));
        }
        for (int i = 0; i < shingles; i++) {
            long h = 0;
            for (int k = i; k < Math.min(i + SHINGLE, words.size()); k++) {
                h = mix(h * 31 + wordHashes[k]);
            }
            for (int j = 0; j < HASHES; j++) {
                int value = (int) (mix(h ^ SEEDS[j]) >>> 33);
                if (value < minima[j]) {
                    minima[j] = value;
                }
            }
        }
        return minima;
    }

    /** The estimated Jaccard similarity of two signatures. */
    public static double similarity(int[] a, int[] b) {
        return similarity(a, b, 0);
    }

    /** Against a signature stored at {@code offset} of a flat array of signatures. */
    public static double similarity(int[] a, int[] flat, int offset) {
        int equal = 0;
        for (int j = 0; j < HASHES; j++) {
            if (a[j] == flat[offset + j]) {
                equal++;
            }
        }
        return (double) equal / HASHES;
    }

    public static byte[] toBytes(int[] signature) {
        ByteBuffer buffer = ByteBuffer.allocate(HASHES * 4);
        buffer.asIntBuffer().put(signature);
        return buffer.array();
    }

    public static int[] fromBytes(byte[] bytes) {
        int[] signature = new int[HASHES];
        ByteBuffer.wrap(bytes).asIntBuffer().get(signature);
        return signature;
    }
}
