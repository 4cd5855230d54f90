package dev.mercato.verification;

import dev.mercato.verification.engine.InMemorySignatureStore;
import dev.mercato.verification.engine.LocalResultCache;
import dev.mercato.verification.engine.Model;
import dev.mercato.verification.engine.VerificationEngine;
import dev.mercato.verification.engine.training.BrownCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The shipped model, the corpus the build fetched, and engines on them for the verification tests. */
final class VerificationFixtures {

    static final Path CORPUS = Path.of("target/verification-corpus");
    static final Path DATA = Path.of("src/main/verification");
    private static List<BrownCorpus.Document> documents;

    private VerificationFixtures() {
    }

    static synchronized List<BrownCorpus.Document> corpus() {
        if (documents == null) {
            try {
                documents = BrownCorpus.read(CORPUS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    static VerificationEngine engine(Clock clock) {
        return new VerificationEngine(Model.shipped(), new InMemorySignatureStore(),
                new LocalResultCache(clock, Duration.ofHours(1), 1000), clock);
    }

    static VerificationRequest request(String campaign, String responder, String text) {
        return new VerificationRequest(campaign, List.of(QUESTION), GUIDANCE, 80, null, responder, text, Thresholds.DEFAULT);
    }

    static final String QUESTION = "Describe a hobby, craft or practical skill you know well and explain how a beginner should get started.";
    static final String GUIDANCE = "Cover the equipment or materials, the first steps, common mistakes and how to improve.";

    /** A human-sounding, on-topic answer to {@link #QUESTION} written for these tests. */
    static final String ANSWER = """
            I have kept bees for about six years now, two hives behind the garage. My uncle got me into it after \
            he retired, and the first summer I mostly watched him and held the smoker. Honestly I was scared of \
            the stings for the whole first month.

            If you want to start, buy a used veil and gloves but a new hive body, because old wood can carry \
            disease. Join the local beekeepers' club before you buy any bees. They sell nucs in the spring and \
            somebody will always come out to look at your frames when something seems wrong.

            The mistake I made was opening the hive too often. Every time you pull the frames the colony loses \
            a day of work. Once a week in summer is plenty. I also lost a hive to mites in my second winter \
            because I did not count them in August, so now I do a sugar roll every month and keep notes in a \
            little book in the shed.""";
}
