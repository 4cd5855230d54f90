package dev.mercato.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.verification.engine.Model;
import dev.mercato.verification.engine.VerificationEngine;
import dev.mercato.verification.engine.training.Evaluation;
import dev.mercato.verification.engine.training.EvaluationSet;
import dev.mercato.verification.engine.training.EvaluationSet.Kind;
import dev.mercato.verification.engine.training.MachineAnswers;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped evaluation set (docs/verification.md, Evaluation) on the shipped model. */
class VerificationEvaluationTests {

    private static EvaluationSet set;
    private static List<Evaluation.Scored> scored;

    @BeforeAll
    static void score() throws IOException {
        set = EvaluationSet.build(VerificationFixtures.CORPUS, VerificationFixtures.DATA);
        scored = Evaluation.run(set, Model.shipped());
    }

    @Test
    void fewerThanFivePercentOfHumanAnswersFail() {
        Evaluation.Rates fail = Evaluation.rates(scored, s -> s.verdict().outcome() == Outcome.FAIL, Kind.MACHINE,
                Kind.COPIED, Kind.OFF_TOPIC);
        assertThat(fail.negatives()).isEqualTo(72);
        assertThat(fail.falsePositiveRate()).isLessThan(0.05);
    }

    @Test
    void copiesFailAndMostMachineWrittenAnswersDoNotPass() {
        assertThat(Evaluation.rates(scored, s -> s.verdict().outcome() == Outcome.FAIL, Kind.COPIED).recall())
                .isGreaterThanOrEqualTo(0.85);
        assertThat(Evaluation.rates(scored, s -> s.verdict().outcome() != Outcome.PASS, Kind.MACHINE).recall())
                .isGreaterThanOrEqualTo(0.6);
        assertThat(Evaluation.rates(scored, s -> s.score("ai_likelihood") < 0.5, Kind.MACHINE).recall())
                .isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void trainingAndEvaluationAnswersAreDisjoint() throws IOException {
        MachineAnswers machine = MachineAnswers.read(VerificationFixtures.DATA);
        Set<String> trainPrompts = new HashSet<>();
        machine.answers().stream().filter(a -> a.split().equals("train")).forEach(a -> trainPrompts.add(a.prompt()));
        Set<String> evalPrompts = new HashSet<>();
        set.prompts().forEach(p -> evalPrompts.add(p.key()));
        assertThat(trainPrompts).doesNotContainAnyElementsOf(evalPrompts);
        assertThat(machine.texts("train")).doesNotContainAnyElementsOf(machine.texts("eval"));
        assertThat(machine.texts("eval")).hasSize(45);
        assertThat(set.cases()).filteredOn(c -> c.kind() == Kind.HUMAN).hasSize(72);
    }

    private static final Map<String, String> FLIPS = Map.ofEntries(Map.entry("good", "bad"), Map.entry("bad", "good"),
            Map.entry("great", "terrible"), Map.entry("best", "worst"), Map.entry("worst", "best"),
            Map.entry("love", "hate"), Map.entry("loved", "hated"), Map.entry("happy", "unhappy"),
            Map.entry("beautiful", "ugly"), Map.entry("excellent", "poor"), Map.entry("wonderful", "awful"),
            Map.entry("success", "failure"), Map.entry("succeeded", "failed"), Map.entry("positive", "negative"),
            Map.entry("negative", "positive"), Map.entry("strong", "weak"), Map.entry("delightful", "dreadful"),
            Map.entry("moving", "boring"), Map.entry("impressive", "disappointing"), Map.entry("right", "wrong"),
            Map.entry("hope", "despair"), Map.entry("pleasure", "misery"), Map.entry("fine", "dull"));

    static String flipSentiment(String text) {
        Matcher m = Pattern.compile("\\b[A-Za-z]+\\b").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            String flipped = FLIPS.get(word.toLowerCase());
            if (flipped != null && Character.isUpperCase(word.charAt(0))) {
                flipped = Character.toUpperCase(flipped.charAt(0)) + flipped.substring(1);
            }
            m.appendReplacement(out, flipped == null ? word : flipped);
        }
        return m.appendTail(out).toString();
    }

    @Test
    void flippingTheSentimentOfAnAnswerDoesNotChangeItsOutcome() {
        VerificationEngine engine = VerificationFixtures.engine(Clock.systemUTC());
        int flippedTexts = 0;
        for (EvaluationSet.Case c : set.cases()) {
            if (c.kind() != Kind.HUMAN && c.kind() != Kind.MACHINE) {
                continue;
            }
            String flipped = flipSentiment(c.text());
            if (flipped.equals(c.text())) {
                continue;
            }
            flippedTexts++;
            var original = engine.verify(new VerificationRequest("cmp_s_" + flippedTexts, List.of(c.prompt().question()),
                    c.prompt().guidance(), EvaluationSet.MINIMUM_WORDS, null, null, c.text(), Thresholds.DEFAULT));
            var other = engine.verify(new VerificationRequest("cmp_s_" + flippedTexts, List.of(c.prompt().question()),
                    c.prompt().guidance(), EvaluationSet.MINIMUM_WORDS, null, null, flipped, Thresholds.DEFAULT));
            assertThat(Math.abs(other.score() - original.score())).as("%s %s", c.prompt().key(), c.label()).isLessThan(0.1);
            if (Math.abs(original.score() - Thresholds.DEFAULT.pass()) > 0.05
                    && Math.abs(original.score() - Thresholds.DEFAULT.borderline()) > 0.05) {
                assertThat(other.outcome()).as("%s %s", c.prompt().key(), c.label()).isEqualTo(original.outcome());
            }
        }
        assertThat(flippedTexts).isGreaterThan(40);
    }
}
