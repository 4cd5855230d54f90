package dev.mercato.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.verification.engine.InMemorySignatureStore;
import dev.mercato.verification.engine.MinHash;
import dev.mercato.verification.engine.NoveltyScorer;
import dev.mercato.verification.engine.SignatureList;
import dev.mercato.verification.engine.Text;
import dev.mercato.verification.engine.VerificationEngine;
import dev.mercato.verification.engine.training.BrownCorpus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each scorer on texts made to pass or fail it. */
class ScorerTests {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    private final VerificationEngine engine = VerificationFixtures.engine(clock);

    private static ScorerResult result(Verdict v, String scorer) {
        return v.scorers().stream().filter(s -> s.scorer().equals(scorer)).findFirst().orElseThrow();
    }

    @Test
    void anOwnOnTopicAnswerPassesWithEveryScorerVersionRecorded() {
        Verdict v = engine.verify(VerificationFixtures.request("cmp_1", "usr_1", VerificationFixtures.ANSWER));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.scorers()).extracting(ScorerResult::scorer)
                .containsExactly("ai_likelihood", "novelty", "relevance", "effort", "quality");
        assertThat(v.scorers()).allSatisfy(s -> {
            assertThat(s.version()).isNotBlank();
            assertThat(s.explanation()).isNotBlank();
            assertThat(s.score()).isBetween(0.0, 1.0);
        });
        assertThat(result(v, "ai_likelihood").version()).contains(engine.model().version());
        assertThat(v.tips()).isEmpty();
        assertThat(v.textSha256()).isEqualTo(VerificationEngine.sha256(VerificationFixtures.ANSWER));
    }

    @Test
    void minHashCatchesNearDuplicatesAndLeavesUnrelatedTextsApart() {
        List<BrownCorpus.Document> docs = VerificationFixtures.corpus();
        String a = docs.get(3).passages(150, 300).getFirst();
        String b = docs.get(200).passages(150, 300).getFirst();
        String edited = a.replaceFirst("\\. ", ". Indeed, ").replace(" the ", " this ");
        int[] sa = MinHash.signature(Text.of(a).tokens());
        assertThat(MinHash.similarity(sa, MinHash.signature(Text.of(a).tokens()))).isEqualTo(1.0);
        assertThat(MinHash.similarity(sa, MinHash.signature(Text.of(edited).tokens()))).isGreaterThan(0.45);
        assertThat(MinHash.similarity(sa, MinHash.signature(Text.of(b).tokens()))).isLessThan(0.05);
        assertThat(MinHash.fromBytes(MinHash.toBytes(sa))).containsExactly(sa);
    }

    @Test
    void noveltyFlagsACopyOfAnEarlierResponseAndTheRespondersOwnTemplate() {
        engine.remember("cmp_n", "usr_a", "sub_1", VerificationFixtures.ANSWER);
        Verdict copy = engine.verify(VerificationFixtures.request("cmp_n", "usr_b", VerificationFixtures.ANSWER));
        assertThat(result(copy, "novelty").score()).isZero();
        assertThat(result(copy, "novelty").failedChecks()).contains("duplicate_response");
        assertThat(copy.outcome()).isEqualTo(Outcome.FAIL);
        // the same author reusing the answer in another campaign
        Verdict reuse = engine.verify(VerificationFixtures.request("cmp_other", "usr_a", VerificationFixtures.ANSWER));
        assertThat(result(reuse, "novelty").failedChecks()).containsExactly("reused_own_answer");
        // another responder in another campaign is free to write the same
        Verdict elsewhere = engine.verify(VerificationFixtures.request("cmp_other", "usr_c", VerificationFixtures.ANSWER));
        assertThat(result(elsewhere, "novelty").score()).isEqualTo(1.0);
    }

    @Test
    void theNoveltyScanStaysFastAtTenThousandEarlierResponses() {
        InMemorySignatureStore store = new InMemorySignatureStore();
        Random random = new Random(1);
        List<String> words = Text.of(VerificationFixtures.ANSWER).tokens();
        for (int i = 0; i < 10_000; i++) {
            List<String> shuffled = new java.util.ArrayList<>(words);
            java.util.Collections.shuffle(shuffled, random);
            store.add("cmp_big", "usr_" + i, "sub_" + i, MinHash.signature(shuffled.subList(0, 60)));
        }
        SignatureList.Snapshot snapshot = store.campaign("cmp_big");
        assertThat(snapshot.count()).isEqualTo(10_000);
        int[] probe = NoveltyScorer.signature(Text.of(VerificationFixtures.ANSWER));
        for (int i = 0; i < 5; i++) {
            snapshot.closest(probe); // warm-up: the interpreter's first scans are not what a running server pays
        }
        // The thread's own CPU time, not wall time: on a shared machine a wall clock also counts the time the
        // thread waited for a core, which says nothing about the scan's cost.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long started = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < 20; i++) {
            snapshot.closest(probe);
        }
        double millisPerScan = (threads.getCurrentThreadCpuTime() - started) / 1e6 / 20;
        assertThat(millisPerScan).as("CPU of one scan of 10,000 signatures, ms").isLessThan(100);
    }

    @Test
    void copyingThePromptDoesNotScoreAsRelevant() {
        String parroted = VerificationFixtures.QUESTION + " " + VerificationFixtures.GUIDANCE + "\n\n"
                + VerificationFixtures.QUESTION + " " + VerificationFixtures.GUIDANCE + " That is my answer to "
                + VerificationFixtures.QUESTION;
        Verdict v = engine.verify(VerificationFixtures.request("cmp_r", "usr_r", parroted));
        assertThat(result(v, "relevance").failedChecks()).contains("copies_prompt");
        assertThat(result(v, "relevance").score()).isLessThan(0.3);
        assertThat(v.outcome()).isNotEqualTo(Outcome.PASS);
        Verdict own = engine.verify(VerificationFixtures.request("cmp_r", "usr_s", VerificationFixtures.ANSWER));
        assertThat(result(own, "relevance").score()).isGreaterThan(0.7);
    }

    @Test
    void anOffTopicAnswerIsNotRelevant() {
        String offTopic = """
                The sermon on Sunday reminded the congregation that grace is not earned. The pastor read from the \
                letter to the Romans and spoke of sin, forgiveness and the love of God for every sinner who repents. \
                Afterwards the choir sang two hymns, and the elders prayed for the families of the parish who had \
                lost someone during the winter. Then we all went down to the hall for coffee and the children ran \
                around the tables until their parents called them home.""";
        Verdict v = engine.verify(VerificationFixtures.request("cmp_o", "usr_o", offTopic));
        assertThat(v.outcome()).isNotEqualTo(Outcome.PASS);
        assertThat(result(v, "relevance").failedChecks()).contains("off_topic");
    }

    @Test
    void effortWeighsLengthStructureAndTimeSpent() {
        Verdict quick = engine.verify(new VerificationRequest("cmp_e", List.of(VerificationFixtures.QUESTION),
                VerificationFixtures.GUIDANCE, 80, 20L, "usr_e", VerificationFixtures.ANSWER, Thresholds.DEFAULT));
        assertThat(result(quick, "effort").failedChecks()).containsExactly("too_fast");
        assertThat(result(quick, "effort").score()).isZero();
        Verdict patient = engine.verify(new VerificationRequest("cmp_e", List.of(VerificationFixtures.QUESTION),
                VerificationFixtures.GUIDANCE, 80, 600L, "usr_e", VerificationFixtures.ANSWER, Thresholds.DEFAULT));
        assertThat(result(patient, "effort").score()).isEqualTo(1.0);
        Verdict shortOne = engine.verify(new VerificationRequest("cmp_e", List.of(VerificationFixtures.QUESTION),
                VerificationFixtures.GUIDANCE, 400, 600L, "usr_e", VerificationFixtures.ANSWER, Thresholds.DEFAULT));
        assertThat(result(shortOne, "effort").failedChecks()).contains("too_short");
        assertThat(result(shortOne, "effort").score()).isLessThan(0.5);
        assertThat(shortOne.tips()).anyMatch(t -> t.contains("at least 400 words"));
    }

    @Test
    void qualityCatchesMisspellingBrokenSentencesAndRepetition() {
        String misspelled = VerificationFixtures.ANSWER.replace("the ", "teh ").replace("hive", "hyve")
                .replace("frames", "framz").replace("month", "munth").replace("because", "becuz");
        Verdict bad = engine.verify(VerificationFixtures.request("cmp_q", "usr_q1", misspelled));
        assertThat(result(bad, "quality").failedChecks()).contains("spelling");
        assertThat(bad.tips()).anyMatch(t -> t.contains("teh"));

        String repeated = "Bees are great and you should get bees. ".repeat(12);
        Verdict looped = engine.verify(VerificationFixtures.request("cmp_q", "usr_q2", repeated));
        assertThat(result(looped, "quality").failedChecks()).contains("repetition");

        String unpunctuated = VerificationFixtures.ANSWER.toLowerCase().replace(".", "");
        Verdict run = engine.verify(VerificationFixtures.request("cmp_q", "usr_q3", unpunctuated));
        assertThat(result(run, "quality").failedChecks()).contains("sentence_structure");

        Verdict good = engine.verify(VerificationFixtures.request("cmp_q", "usr_q4", VerificationFixtures.ANSWER));
        assertThat(result(good, "quality").score()).isGreaterThan(0.9);
    }

    @Test
    void theSameTextIsAnsweredFromTheCacheAndExpiresAfterAnHour() {
        MutableClock time = new MutableClock();
        VerificationEngine cached = VerificationFixtures.engine(time);
        VerificationRequest request = VerificationFixtures.request("cmp_c", "usr_c", VerificationFixtures.ANSWER);
        Verdict first = cached.verify(request);
        Verdict second = cached.verify(request);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.score()).isEqualTo(first.score());
        assertThat(second.scorers()).isEqualTo(first.scorers());
        // another campaign is another key
        assertThat(cached.verify(VerificationFixtures.request("cmp_d", "usr_c", VerificationFixtures.ANSWER)).cached()).isFalse();
        time.advance(Duration.ofMinutes(61));
        assertThat(cached.verify(request).cached()).isFalse();
    }

    @Test
    void aCachedVerdictStillSeesResponsesRememberedSinceIt() {
        VerificationRequest request = VerificationFixtures.request("cmp_late", "usr_x", VerificationFixtures.ANSWER);
        assertThat(engine.verify(request).outcome()).isEqualTo(Outcome.PASS);
        engine.remember("cmp_late", "usr_y", "sub_y", VerificationFixtures.ANSWER);
        Verdict again = engine.verify(request);
        assertThat(again.cached()).isTrue();
        assertThat(again.outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void thresholdsDecideTheOutcomeOfTheSameScore() {
        Verdict strict = engine.verify(new VerificationRequest("cmp_t", List.of(VerificationFixtures.QUESTION),
                VerificationFixtures.GUIDANCE, 80, null, "usr_t", VerificationFixtures.ANSWER, new Thresholds(1.0, 0.99)));
        assertThat(strict.outcome()).isEqualTo(Outcome.FAIL);
        Verdict lenient = engine.verify(new VerificationRequest("cmp_t", List.of(VerificationFixtures.QUESTION),
                VerificationFixtures.GUIDANCE, 80, null, "usr_t", VerificationFixtures.ANSWER, new Thresholds(0.0, 0.0)));
        assertThat(lenient.outcome()).isEqualTo(Outcome.PASS);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-21T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
