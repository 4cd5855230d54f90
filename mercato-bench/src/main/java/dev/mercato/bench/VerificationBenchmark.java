package dev.mercato.bench;

import dev.mercato.verification.Thresholds;
import dev.mercato.verification.VerificationRequest;
import dev.mercato.verification.engine.InMemorySignatureStore;
import dev.mercato.verification.engine.LocalResultCache;
import dev.mercato.verification.engine.Model;
import dev.mercato.verification.engine.Text;
import dev.mercato.verification.engine.VerificationEngine;
import dev.mercato.verification.engine.training.BrownCorpus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./mercato bench verification}: the verification engine's throughput (responses a second) and
 * p99 latency for 300- and 1,000-word responses against a campaign with 10,000 remembered earlier
 * responses, and how much faster a cache hit (the same campaign and text again) is answered.
 * <p>
 * It runs the engine in process with the signatures in memory — what the server does once a
 * campaign's signatures are loaded from PostgreSQL (each verification then asks PostgreSQL only for
 * rows it has not seen, one indexed query). Texts are composed from corpus sentences, every request
 * a different text so the uncached phases never hit the cache.
 */
public final class VerificationBenchmark {

    private VerificationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> own = new HashMap<>(Map.of("earlier", "10000", "corpus", "mercato-server/target/verification-corpus"));
        BenchOptions options = BenchOptions.parseOrExit(BenchOptions.takeOwn(args, own));
        int earlier = Integer.parseInt(own.get("earlier"));
        List<String> sentences = new ArrayList<>();
        for (BrownCorpus.Document d : BrownCorpus.read(Path.of(own.get("corpus")))) {
            d.paragraphs().forEach(sentences::addAll);
        }
        Model model = Model.shipped();
        VerificationEngine engine = new VerificationEngine(model, new InMemorySignatureStore(),
                new LocalResultCache(Clock.systemUTC(), Duration.ofHours(1), 1_000_000), Clock.systemUTC());
        Random random = new Random(8);
        long started = System.nanoTime();
        for (int i = 0; i < earlier; i++) {
            engine.remember("cmp_bench", "usr_" + i, "sub_" + i, compose(sentences, random, 150));
        }
        System.out.printf(Locale.ROOT, "verification: model %s, %d earlier responses remembered in %.1f s, %d threads%n",
                model.version(), earlier, (System.nanoTime() - started) / 1e9, options.clients());
        for (int words : List.of(300, 1000)) {
            List<String> texts = new ArrayList<>();
            Phase warm = run(engine, options.clients(), options.warmupSeconds(), () -> compose(sentences, random, words), texts, false);
            Phase cold = run(engine, options.clients(), options.seconds(), () -> compose(sentences, random, words), texts, true);
            AtomicInteger next = new AtomicInteger();
            Phase hit = run(engine, options.clients(), Math.max(1, options.seconds() / 2),
                    () -> texts.get(next.getAndIncrement() % texts.size()), null, false);
            System.out.printf(Locale.ROOT,
                    "  %4d words: %.1f responses/s, p50 %.1f ms, p99 %.1f ms; cache hit: %.0f responses/s, p99 %.2f ms, %.0fx faster (mean)%n",
                    words, cold.perSecond(), cold.percentile(50), cold.percentile(99), hit.perSecond(), hit.percentile(99),
                    cold.mean() / hit.mean());
            if (warm.count() == 0 && options.warmupSeconds() > 0) {
                System.out.println("  (no warm-up request completed)");
            }
        }
    }

    private record Phase(long[] sorted, double seconds) {

        int count() {
            return sorted.length;
        }

        double perSecond() {
            return sorted.length / seconds;
        }

        double percentile(double p) {
            return Latencies.percentile(sorted, p) / 1e6;
        }

        double mean() {
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return sorted.length == 0 ? 0 : sum / sorted.length;
        }
    }

    private static Phase run(VerificationEngine engine, int threads, double seconds, java.util.function.Supplier<String> texts,
            List<String> keep, boolean measure) throws InterruptedException {
        List<Latencies> parts = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Latencies latencies = new Latencies();
            parts.add(latencies);
            workers.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline) {
                    String text;
                    synchronized (texts) {
                        text = texts.get();
                    }
                    long begin = System.nanoTime();
                    engine.verify(new VerificationRequest("cmp_bench", List.of(QUESTION), GUIDANCE, 100, 900L, null, text,
                            Thresholds.DEFAULT));
                    latencies.record(System.nanoTime() - begin);
                    if (keep != null && measure) {
                        synchronized (keep) {
                            keep.add(text);
                        }
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return new Phase(Latencies.merged(parts), (System.nanoTime() - started) / 1e9);
    }

    static final String QUESTION = "Tell about a place, a custom or a piece of history that you find interesting.";
    static final String GUIDANCE = "Describe the people, the time and the setting, and why it has stayed with you.";

    /** Random corpus sentences until the text has at least {@code words} words, in paragraphs of about 80. */
    static String compose(List<String> sentences, Random random, int words) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        int paragraph = 0;
        while (count < words) {
            String s = sentences.get(random.nextInt(sentences.size()));
            int n = Text.words(s).size();
            out.append(paragraph == 0 ? (out.isEmpty() ? "" : "\n\n") : " ").append(s);
            count += n;
            paragraph += n;
            if (paragraph > 80) {
                paragraph = 0;
            }
        }
        return out.toString();
    }
}
