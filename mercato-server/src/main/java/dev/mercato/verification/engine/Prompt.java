package dev.mercato.verification.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A campaign's questions and guidance, analysed once: the word 3-grams a response might copy, and the
 * expanded TF-IDF query and the corpus-document (concept) vector the relevance scorer compares responses with.
 */
public record Prompt(List<String> tokens, Set<String> trigrams, Map<String, Double> query, Map<Integer, Double> concepts) {

    static Prompt of(List<String> questions, String guidance, RelevanceIndex index) {
        StringBuilder all = new StringBuilder();
        for (String q : questions) {
            all.append(q).append('\n');
        }
        all.append(guidance == null ? "" : guidance);
        List<String> tokens = Text.of(all.toString()).tokens();
        Set<String> trigrams = new HashSet<>();
        for (int i = 0; i + 3 <= tokens.size(); i++) {
            trigrams.add(String.join(" ", tokens.subList(i, i + 3)));
        }
        List<String> terms = Lexicon.contentTerms(tokens);
        return new Prompt(List.copyOf(tokens), Set.copyOf(trigrams), Map.copyOf(index.expandedQuery(terms, 5, 40, 0.6)),
                Map.copyOf(index.concepts(terms, RelevanceScorer.CONCEPTS)));
    }
}
