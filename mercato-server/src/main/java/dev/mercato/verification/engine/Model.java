package dev.mercato.verification.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Everything the scorers learned at build time, in one file the jar ships
 * ({@value #RESOURCE}): the Kneser-Ney model, the AI-likelihood classifier, the human function-word
 * profile, the spelling dictionary and the relevance index. {@code version} names the corpus and
 * a digest of the training data, and is part of every scorer's version.
 */
public record Model(String version, KneserNeyModel languageModel, LogisticRegression classifier, double[] humanProfile,
        Set<String> dictionary, RelevanceIndex relevance) {

    public static final String RESOURCE = "verification/model.bin.gz";
    private static final int FORMAT = 1;

    private static volatile Model shipped;

    /** The model in the jar, loaded once. */
    public static Model shipped() {
        Model m = shipped;
        if (m == null) {
            synchronized (Model.class) {
                m = shipped;
                if (m == null) {
                    try (InputStream in = Model.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the verification model " + RESOURCE
                                    + " is not on the class path: build with Maven, whose process-classes phase trains it");
                        }
                        m = read(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    shipped = m;
                }
            }
        }
        return m;
    }

    public void write(OutputStream target) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(target), 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeUTF(version);
            languageModel.write(out);
            classifier.write(out);
            out.writeInt(humanProfile.length);
            for (double p : humanProfile) {
                out.writeDouble(p);
            }
            String[] words = dictionary.stream().sorted().toArray(String[]::new);
            out.writeInt(words.length);
            for (String w : words) {
                out.writeUTF(w);
            }
            relevance.write(out);
        }
    }

    public static Model read(InputStream source) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source), 1 << 16))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("unknown verification model format");
            }
            String version = in.readUTF();
            KneserNeyModel lm = KneserNeyModel.read(in);
            LogisticRegression classifier = LogisticRegression.read(in);
            double[] profile = new double[in.readInt()];
            for (int i = 0; i < profile.length; i++) {
                profile[i] = in.readDouble();
            }
            int n = in.readInt();
            Set<String> dictionary = new HashSet<>(n * 2);
            for (int i = 0; i < n; i++) {
                dictionary.add(in.readUTF());
            }
            return new Model(version, lm, classifier, profile, Set.copyOf(dictionary), RelevanceIndex.read(in));
        }
    }
}
