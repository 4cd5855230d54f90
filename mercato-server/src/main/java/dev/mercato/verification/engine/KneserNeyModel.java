package dev.mercato.verification.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An interpolated, modified Kneser-Ney trigram language model (Chen and Goodman 1998) over lower-case
 * words. Its probabilities are true, normalised ones: for every context the probabilities of the
 * vocabulary ({@code <unk>} and {@code </s>} included, {@code <s>} excluded) sum to 1, so its
 * perplexity is a real perplexity. Words seen fewer than twice in training are the {@code <unk>}
 * class. Log-space throughout.
 * <p>
 * Only the vocabulary and the trigram counts are stored; the continuation counts of the lower
 * orders, the context totals and the three discounts per order are derived from them on load.
 */
public final class KneserNeyModel {

    public static final String UNK = "<unk>";
    public static final String END = "</s>";
    public static final String START = "<s>";
    static final int UNK_ID = 0;
    static final int END_ID = 1;
    static final int START_ID = 2;
    private static final int BITS = 21;

    private final String[] vocab;
    private final Map<String, Integer> ids;
    private final LongIntMap trigrams;
    private final LongIntMap contexts3;
    private final int[] total3;
    private final int[][] types3; // [1], [2], [3+] types per trigram context
    private final LongIntMap bigrams; // continuation counts N1+(. v w)
    private final int[] total2;
    private final int[][] types2;
    private final int[] unigrams; // continuation counts N1+(. w)
    private final long total1;
    private final double gamma1;
    private final double[] d3;
    private final double[] d2;
    private final double[] d1;

    private KneserNeyModel(String[] vocab, LongIntMap trigrams) {
        if (vocab.length >= 1 << BITS) {
            throw new IllegalArgumentException("vocabulary too large");
        }
        this.vocab = vocab;
        this.ids = new HashMap<>(vocab.length * 2);
        for (int i = 0; i < vocab.length; i++) {
            ids.put(vocab[i], i);
        }
        this.trigrams = trigrams;
        int n = vocab.length;
        contexts3 = new LongIntMap(trigrams.size() / 2);
        bigrams = new LongIntMap(trigrams.size() / 2);
        long[] countOfCounts3 = new long[5];
        trigrams.forEach((key, count) -> {
            contexts3.putIfAbsent(key >>> BITS, contexts3.size());
            bigrams.add(key & ((1L << (2 * BITS)) - 1), 1);
            if (count <= 4) {
                countOfCounts3[count]++;
            }
        });
        total3 = new int[contexts3.size()];
        types3 = new int[4][contexts3.size()];
        trigrams.forEach((key, count) -> {
            int c = contexts3.get(key >>> BITS);
            total3[c] += count;
            types3[Math.min(count, 3)][c]++;
        });
        total2 = new int[n];
        types2 = new int[4][n];
        unigrams = new int[n];
        long[] countOfCounts2 = new long[5];
        bigrams.forEach((key, count) -> {
            int v = (int) (key >>> BITS);
            int w = (int) (key & ((1 << BITS) - 1));
            total2[v] += count;
            types2[Math.min(count, 3)][v]++;
            unigrams[w]++;
            if (count <= 4) {
                countOfCounts2[count]++;
            }
        });
        long[] countOfCounts1 = new long[5];
        long sum = 0;
        int[] types1 = new int[4];
        for (int w = 0; w < n; w++) {
            sum += unigrams[w];
            if (unigrams[w] > 0) {
                types1[Math.min(unigrams[w], 3)]++;
            }
            if (unigrams[w] > 0 && unigrams[w] <= 4) {
                countOfCounts1[unigrams[w]]++;
            }
        }
        total1 = sum;
        d3 = discounts(countOfCounts3);
        d2 = discounts(countOfCounts2);
        d1 = discounts(countOfCounts1);
        gamma1 = (d1[1] * types1[1] + d1[2] * types1[2] + d1[3] * types1[3]) / total1;
    }

    /** Chen and Goodman's estimates D1, D2, D3+ from the counts of counts n1..n4. */
    private static double[] discounts(long[] n) {
        double y = n[1] + 2.0 * n[2] == 0 ? 0.5 : n[1] / (n[1] + 2.0 * n[2]);
        double[] d = new double[4];
        d[1] = clamp(n[1] == 0 ? 0.5 : 1 - 2 * y * n[2] / n[1], 1);
        d[2] = clamp(n[2] == 0 ? 1 : 2 - 3 * y * n[3] / n[2], 2);
        d[3] = clamp(n[3] == 0 ? 1.5 : 3 - 4 * y * n[4] / n[3], 3);
        return d;
    }

    private static double clamp(double d, int max) {
        return Math.max(0.05, Math.min(d, max - 0.05));
    }

    /** Trains on sentences of tokens ({@link Text.Sentence#tokens()}); words seen once become {@code <unk>}. */
    public static KneserNeyModel train(List<List<String>> sentences) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> sentence : sentences) {
            for (String token : sentence) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<String> words = counts.entrySet().stream().filter(e -> e.getValue() >= 2).map(Map.Entry::getKey)
                .sorted().toList();
        String[] vocab = new String[words.size() + 3];
        vocab[UNK_ID] = UNK;
        vocab[END_ID] = END;
        vocab[START_ID] = START;
        for (int i = 0; i < words.size(); i++) {
            vocab[i + 3] = words.get(i);
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < vocab.length; i++) {
            ids.put(vocab[i], i);
        }
        LongIntMap trigrams = new LongIntMap(1 << 20);
        for (List<String> sentence : sentences) {
            int u = START_ID;
            int v = START_ID;
            for (int i = 0; i <= sentence.size(); i++) {
                int w = i == sentence.size() ? END_ID : ids.getOrDefault(sentence.get(i), UNK_ID);
                trigrams.add(key(u, v, w), 1);
                u = v;
                v = w;
            }
        }
        return new KneserNeyModel(vocab, trigrams);
    }

    private static long key(int u, int v, int w) {
        return ((long) u << (2 * BITS)) | ((long) v << BITS) | w;
    }

    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNK_ID : id;
    }

    /** Every word that can be predicted: the vocabulary without {@code <s>}. */
    public int vocabularySize() {
        return vocab.length - 1;
    }

    public String word(int id) {
        return vocab[id];
    }

    boolean knows(String token) {
        return ids.containsKey(token);
    }

    /** p(w | u v), natural log. u and v may be {@code <s>}; w never is. */
    public double logProbability(int u, int v, int w) {
        return Math.log(probability(u, v, w));
    }

    double probability(int u, int v, int w) {
        double p1 = Math.max(unigrams[w] - discount(d1, unigrams[w]), 0) / total1 + gamma1 / vocabularySize();
        double p2 = p1;
        if (total2[v] > 0) {
            int c = Math.max(bigrams.get(((long) v << BITS) | w), 0);
            double gamma = (d2[1] * types2[1][v] + d2[2] * types2[2][v] + d2[3] * types2[3][v]) / total2[v];
            p2 = Math.max(c - discount(d2, c), 0) / total2[v] + gamma * p1;
        }
        int context = contexts3.get(((long) u << BITS) | v);
        if (context < 0) {
            return p2;
        }
        int c = Math.max(trigrams.get(key(u, v, w)), 0);
        double gamma = (d3[1] * types3[1][context] + d3[2] * types3[2][context] + d3[3] * types3[3][context])
                / total3[context];
        return Math.max(c - discount(d3, c), 0) / total3[context] + gamma * p2;
    }

    private static double discount(double[] d, int count) {
        return count == 0 ? 0 : d[Math.min(count, 3)];
    }

    /**
     * The log probability of one sentence (natural log, {@code </s>} included) and how many tokens
     * were predicted, and how many of them were unknown.
     */
    public record SentenceScore(double logProbability, int predicted, int unknown) {

        public double perplexity() {
            return Math.exp(-logProbability / predicted);
        }
    }

    public SentenceScore score(List<String> tokens) {
        double sum = 0;
        int unknown = 0;
        int u = START_ID;
        int v = START_ID;
        for (int i = 0; i <= tokens.size(); i++) {
            int w = i == tokens.size() ? END_ID : id(tokens.get(i));
            if (w == UNK_ID) {
                unknown++;
            }
            sum += logProbability(u, v, w);
            u = v;
            v = w;
        }
        return new SentenceScore(sum, tokens.size() + 1, unknown);
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(vocab.length);
        for (String word : vocab) {
            out.writeUTF(word);
        }
        long[] keys = trigrams.sortedKeys();
        out.writeInt(keys.length);
        long previous = 0;
        for (long key : keys) {
            Varints.write(out, key - previous);
            Varints.write(out, trigrams.get(key));
            previous = key;
        }
    }

    static KneserNeyModel read(DataInput in) throws IOException {
        String[] vocab = new String[in.readInt()];
        for (int i = 0; i < vocab.length; i++) {
            vocab[i] = in.readUTF();
        }
        int n = in.readInt();
        LongIntMap trigrams = new LongIntMap(n);
        long key = 0;
        for (int i = 0; i < n; i++) {
            key += Varints.read(in);
            trigrams.add(key, (int) Varints.read(in));
        }
        return new KneserNeyModel(vocab, trigrams);
    }
}
