package dev.mercato.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.verification.engine.KneserNeyModel;
import dev.mercato.verification.engine.Model;
import dev.mercato.verification.engine.Text;
import dev.mercato.verification.engine.training.BrownCorpus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The interpolated modified Kneser-Ney model gives true probabilities and a meaningful perplexity. */
class KneserNeyModelTests {

    private static double sumOverVocabulary(KneserNeyModel lm, int u, int v) {
        double sum = 0;
        for (int w = 0; w < lm.vocabularySize() + 1; w++) {
            if (!lm.word(w).equals(KneserNeyModel.START)) {
                sum += Math.exp(lm.logProbability(u, v, w));
            }
        }
        return sum;
    }

    @Test
    void theProbabilitiesOfEveryContextSumToOneOverTheVocabulary() {
        List<List<String>> sentences = new ArrayList<>();
        for (String s : List.of("the cat sat on the mat", "the dog sat on the log", "a cat saw the dog",
                "the cat saw a bird on the mat", "a dog sat", "the bird sat on the dog")) {
            sentences.add(List.of(s.split(" ")));
        }
        KneserNeyModel toy = KneserNeyModel.train(sentences);
        String[][] contexts = {{"<s>", "<s>"}, {"<s>", "the"}, {"the", "cat"}, {"on", "the"}, {"cat", "dog"},
                {"<unk>", "<unk>"}, {"mat", "</s>"}};
        for (String[] c : contexts) {
            assertThat(sumOverVocabulary(toy, toy.id(c[0]), toy.id(c[1]))).as("context %s %s", c[0], c[1])
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        KneserNeyModel shipped = Model.shipped().languageModel();
        String[][] real = {{"<s>", "<s>"}, {"of", "the"}, {"in", "a"}, {"zebra", "quantum"}, {"<s>", "however"}};
        for (String[] c : real) {
            assertThat(sumOverVocabulary(shipped, shipped.id(c[0]), shipped.id(c[1]))).as("context %s %s", c[0], c[1])
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void heldOutHumanTextHasALowerPerplexityThanTheSameWordsShuffled() {
        KneserNeyModel lm = Model.shipped().languageModel();
        List<BrownCorpus.Document> heldOut = VerificationFixtures.corpus().stream().filter(BrownCorpus.Document::heldOut)
                .limit(20).toList();
        assertThat(heldOut).hasSize(20);
        Random random = new Random(8);
        for (BrownCorpus.Document d : heldOut) {
            List<String> tokens = Text.of(d.passages(150, 300).getFirst()).tokens();
            List<String> shuffled = new ArrayList<>(tokens);
            Collections.shuffle(shuffled, random);
            double original = lm.score(tokens).perplexity();
            double scrambled = lm.score(shuffled).perplexity();
            assertThat(original).as("document %s", d.id()).isLessThan(scrambled * 0.6);
        }
    }

    @Test
    void unknownWordsAreTheUnkClassNotAnError() {
        KneserNeyModel lm = Model.shipped().languageModel();
        KneserNeyModel.SentenceScore s = lm.score(List.of("the", "flibbertigibbetzorp", "was", "here"));
        assertThat(s.unknown()).isEqualTo(1);
        assertThat(s.logProbability()).isFinite().isNegative();
        assertThat(s.predicted()).isEqualTo(5);
    }

    @Test
    void trainingAndEvaluationDocumentsAreDisjoint() {
        long heldOut = VerificationFixtures.corpus().stream().filter(BrownCorpus.Document::heldOut).count();
        assertThat(heldOut).isBetween(80L, 110L);
        assertThat(Model.shipped().relevance().documents()).isEqualTo(VerificationFixtures.corpus().size() - heldOut);
    }
}
