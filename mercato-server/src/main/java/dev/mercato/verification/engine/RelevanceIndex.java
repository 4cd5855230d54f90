package dev.mercato.verification.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Document frequencies and term counts of the training documents of the corpus, for the relevance
 * scorer: inverse document frequencies for TF-IDF, and BM25 retrieval of the documents nearest a
 * prompt, whose leading terms expand the prompt (pseudo-relevance feedback) so a short question
 * still recognises an answer that uses the topic's words rather than the question's.
 */
public final class RelevanceIndex {

    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private final String[] terms;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[] df;
    private final int[][] docTerms;
    private final int[][] docCounts;
    private final int[] docLength;
    private final double averageLength;
    private final List<List<int[]>> postings; // term -> (doc, tf)
    private final double[] docNorm;

    RelevanceIndex(String[] terms, int[][] docTerms, int[][] docCounts) {
        this.terms = terms;
        this.docTerms = docTerms;
        this.docCounts = docCounts;
        for (int i = 0; i < terms.length; i++) {
            ids.put(terms[i], i);
        }
        df = new int[terms.length];
        docLength = new int[docTerms.length];
        postings = new ArrayList<>(terms.length);
        for (int i = 0; i < terms.length; i++) {
            postings.add(new ArrayList<>());
        }
        long sum = 0;
        for (int d = 0; d < docTerms.length; d++) {
            for (int k = 0; k < docTerms[d].length; k++) {
                df[docTerms[d][k]]++;
                docLength[d] += docCounts[d][k];
                postings.get(docTerms[d][k]).add(new int[] {d, docCounts[d][k]});
            }
            sum += docLength[d];
        }
        averageLength = docTerms.length == 0 ? 1 : (double) sum / docTerms.length;
        docNorm = new double[docTerms.length];
        for (int d = 0; d < docTerms.length; d++) {
            double norm = 0;
            for (int k = 0; k < docTerms[d].length; k++) {
                double w = (1 + Math.log(docCounts[d][k])) * idf(terms[docTerms[d][k]]);
                norm += w * w;
            }
            docNorm[d] = Math.sqrt(norm) + 1e-9;
        }
    }

    /** Builds the index from documents given as lists of content terms ({@link Lexicon#contentTerms}). */
    public static RelevanceIndex build(List<List<String>> documents) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> terms = new ArrayList<>();
        int[][] docTerms = new int[documents.size()][];
        int[][] docCounts = new int[documents.size()][];
        for (int d = 0; d < documents.size(); d++) {
            Map<Integer, Integer> counts = new java.util.TreeMap<>();
            for (String term : documents.get(d)) {
                int id = ids.computeIfAbsent(term, t -> {
                    terms.add(t);
                    return terms.size() - 1;
                });
                counts.merge(id, 1, Integer::sum);
            }
            docTerms[d] = counts.keySet().stream().mapToInt(Integer::intValue).toArray();
            docCounts[d] = counts.values().stream().mapToInt(Integer::intValue).toArray();
        }
        return new RelevanceIndex(terms.toArray(String[]::new), docTerms, docCounts);
    }

    public int documents() {
        return docTerms.length;
    }

    /** Smoothed inverse document frequency; a term the corpus never saw counts as rare. */
    public double idf(String term) {
        Integer id = ids.get(term);
        int n = id == null ? 0 : df[id];
        return Math.log((docTerms.length + 1.0) / (n + 1.0)) + 1;
    }

    /**
     * The text as a vector over the corpus documents (explicit semantic analysis, Gabrilovich and
     * Markovitch 2007): each document's weight is the dot product of its normalised TF-IDF vector with
     * the text's, so two texts on one topic meet even when they share few words. Only the
     * {@code keep} strongest documents are kept; the result is normalised.
     */
    public Map<Integer, Double> concepts(List<String> contentTerms, int keep) {
        double[] weights = new double[docTerms.length];
        vector(contentTerms).forEach((term, w) -> {
            Integer id = ids.get(term);
            if (id == null) {
                return;
            }
            double idf = idf(term);
            for (int[] posting : postings.get(id)) {
                weights[posting[0]] += w * (1 + Math.log(posting[1])) * idf / docNorm[posting[0]];
            }
        });
        Integer[] order = descending(weights);
        Map<Integer, Double> out = new HashMap<>();
        double norm = 0;
        for (int r = 0; r < Math.min(keep, order.length) && weights[order[r]] > 0; r++) {
            out.put(order[r], weights[order[r]]);
            norm += weights[order[r]] * weights[order[r]];
        }
        double n = Math.sqrt(norm);
        out.replaceAll((d, w) -> w / n);
        return out;
    }

    public static double conceptCosine(Map<Integer, Double> a, Map<Integer, Double> b) {
        double dot = 0;
        for (Map.Entry<Integer, Double> e : a.entrySet()) {
            Double w = b.get(e.getKey());
            if (w != null) {
                dot += e.getValue() * w;
            }
        }
        return dot;
    }

    /** A TF-IDF vector (log term frequency) of content terms, not normalised. */
    public Map<String, Double> vector(List<String> contentTerms) {
        Map<String, Integer> tf = new HashMap<>();
        for (String t : contentTerms) {
            tf.merge(t, 1, Integer::sum);
        }
        Map<String, Double> v = new HashMap<>();
        tf.forEach((t, c) -> v.put(t, (1 + Math.log(c)) * idf(t)));
        return v;
    }

    /**
     * The prompt's TF-IDF vector plus, at {@code feedbackWeight} of its norm, the centroid of the
     * {@code documents} corpus documents that BM25 ranks highest for it, cut to its {@code expansionTerms} strongest terms.
     */
    public Map<String, Double> expandedQuery(List<String> promptTerms, int documents, int expansionTerms,
            double feedbackWeight) {
        Map<String, Double> query = normalised(vector(promptTerms));
        double[] scores = new double[docTerms.length];
        for (String term : new java.util.HashSet<>(promptTerms)) {
            Integer id = ids.get(term);
            if (id == null) {
                continue;
            }
            double idf = Math.log(1 + (docTerms.length - df[id] + 0.5) / (df[id] + 0.5));
            for (int[] posting : postings.get(id)) {
                int d = posting[0];
                double tf = posting[1];
                scores[d] += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * docLength[d] / averageLength));
            }
        }
        Integer[] order = descending(scores);
        Map<String, Double> centroid = new HashMap<>();
        for (int r = 0; r < Math.min(documents, order.length) && scores[order[r]] > 0; r++) {
            int d = order[r];
            Map<String, Double> doc = new HashMap<>();
            for (int k = 0; k < docTerms[d].length; k++) {
                String term = terms[docTerms[d][k]];
                doc.put(term, (1 + Math.log(docCounts[d][k])) * idf(term));
            }
            normalised(doc).forEach((t, w) -> centroid.merge(t, w, Double::sum));
        }
        Map<String, Double> expansion = new HashMap<>();
        centroid.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(expansionTerms)
                .forEach(e -> expansion.put(e.getKey(), e.getValue()));
        Map<String, Double> result = new HashMap<>(query);
        normalised(expansion).forEach((t, w) -> result.merge(t, feedbackWeight * w, Double::sum));
        return result;
    }

    /** The indexes of the values, largest value first. */
    private static Integer[] descending(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        return order;
    }

    static Map<String, Double> normalised(Map<String, Double> v) {
        double norm = 0;
        for (double w : v.values()) {
            norm += w * w;
        }
        double n = Math.sqrt(norm);
        Map<String, Double> out = new HashMap<>();
        if (n > 0) {
            v.forEach((t, w) -> out.put(t, w / n));
        }
        return out;
    }

    static double cosine(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> x = normalised(a);
        Map<String, Double> y = normalised(b);
        double dot = 0;
        for (Map.Entry<String, Double> e : x.entrySet()) {
            Double w = y.get(e.getKey());
            if (w != null) {
                dot += e.getValue() * w;
            }
        }
        return dot;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(terms.length);
        for (String t : terms) {
            out.writeUTF(t);
        }
        out.writeInt(docTerms.length);
        for (int d = 0; d < docTerms.length; d++) {
            out.writeInt(docTerms[d].length);
            int previous = 0;
            for (int k = 0; k < docTerms[d].length; k++) {
                Varints.write(out, docTerms[d][k] - previous);
                Varints.write(out, docCounts[d][k]);
                previous = docTerms[d][k];
            }
        }
    }

    static RelevanceIndex read(DataInput in) throws IOException {
        String[] terms = new String[in.readInt()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = in.readUTF();
        }
        int docs = in.readInt();
        int[][] docTerms = new int[docs][];
        int[][] docCounts = new int[docs][];
        for (int d = 0; d < docs; d++) {
            int n = in.readInt();
            docTerms[d] = new int[n];
            docCounts[d] = new int[n];
            int previous = 0;
            for (int k = 0; k < n; k++) {
                previous += (int) Varints.read(in);
                docTerms[d][k] = previous;
                docCounts[d][k] = (int) Varints.read(in);
            }
        }
        return new RelevanceIndex(terms, docTerms, docCounts);
    }
}
