package dev.mercato.verification.engine;

import dev.mercato.verification.Outcome;
import dev.mercato.verification.ScorerResult;
import dev.mercato.verification.Thresholds;
import dev.mercato.verification.Verdict;
import dev.mercato.verification.VerificationRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the scorers and decides. The total is the weighted geometric mean of the scores (each floored
 * at {@value #FLOOR}), so one very low score — a copy, an off-topic answer, generated text — pulls
 * the total down further than an average would let it; and it is capped at 0.1 + 2 × the lowest
 * score, so one scorer far below its mark (under 0.3) keeps a response from passing on the strength
 * of the others. The total against the thresholds gives the outcome. The scores that depend on the text and prompt alone (AI-likelihood, relevance, quality)
 * are cached by SHA-256 of campaign, prompt, minimum and text; novelty and effort are computed every
 * time, because earlier responses and the time spent change.
 */
public final class VerificationEngine {

    static final double FLOOR = 0.02;
    /** The total never exceeds {@value #CAP_BASE} + {@value #CAP_SLOPE} × the lowest score. */
    static final double CAP_BASE = 0.1;
    static final double CAP_SLOPE = 2;

    /** The cache of the text-only scores. */
    public interface ResultCache {

        Optional<List<Scorer.Score>> get(String key);

        void put(String key, List<Scorer.Score> scores);
    }

    private final Model model;
    private final List<Scorer> scorers;
    private final SignatureStore store;
    private final ResultCache cache;
    private final Clock clock;
    private final Map<String, Prompt> prompts = new ConcurrentHashMap<>();

    public VerificationEngine(Model model, SignatureStore store, ResultCache cache, Clock clock) {
        this.model = model;
        this.store = store;
        this.cache = cache;
        this.clock = clock;
        this.scorers = List.of(new AiLikelihoodScorer(model), new NoveltyScorer(store), new RelevanceScorer(model),
                new EffortScorer(), new QualityScorer(model));
    }

    public List<Scorer> scorers() {
        return scorers;
    }

    public Model model() {
        return model;
    }

    public Verdict verify(VerificationRequest request) {
        Text text = Text.of(request.text());
        String key = cacheKey(request);
        Optional<List<Scorer.Score>> cached = cache.get(key);
        Prompt prompt = cached.isPresent() ? null : prompt(request.questions(), request.guidance());
        Scorer.Input input = new Scorer.Input(request, text, prompt);
        List<Scorer.Score> intrinsic = cached.orElse(null);
        if (intrinsic == null) {
            intrinsic = new ArrayList<>();
            for (Scorer scorer : scorers) {
                if (scorer.intrinsic()) {
                    intrinsic.add(scorer.score(input));
                }
            }
            cache.put(key, List.copyOf(intrinsic));
        }
        List<ScorerResult> results = new ArrayList<>();
        List<String> tips = new ArrayList<>();
        int next = 0;
        double logSum = 0;
        double weights = 0;
        double lowest = 1;
        for (Scorer scorer : scorers) {
            Scorer.Score score = scorer.intrinsic() ? intrinsic.get(next++) : scorer.score(input);
            results.add(score.result());
            tips.addAll(score.tips());
            logSum += score.result().weight() * Math.log(Math.max(FLOOR, score.result().score()));
            weights += score.result().weight();
            lowest = Math.min(lowest, score.result().score());
        }
        double total = Math.round(Math.min(Math.exp(logSum / weights), CAP_BASE + CAP_SLOPE * lowest) * 1000) / 1000.0;
        Thresholds thresholds = request.thresholds() == null ? Thresholds.DEFAULT : request.thresholds();
        Outcome outcome = total >= thresholds.pass() ? Outcome.PASS
                : total >= thresholds.borderline() ? Outcome.BORDERLINE : Outcome.FAIL;
        return new Verdict(outcome, total, List.copyOf(results), List.copyOf(tips), sha256(request.text()),
                cached.isPresent(), clock.instant());
    }

    public void remember(String campaignId, String responderId, String submissionId, String text) {
        store.add(campaignId, responderId, submissionId, NoveltyScorer.signature(Text.of(text)));
    }

    Prompt prompt(List<String> questions, String guidance) {
        String key = String.join("\u0000", questions) + "\u0001" + (guidance == null ? "" : guidance);
        Prompt p = prompts.get(key);
        if (p == null) {
            if (prompts.size() > 1000) {
                prompts.clear();
            }
            p = Prompt.of(questions, guidance, model.relevance());
            prompts.put(key, p);
        }
        return p;
    }

    /** SHA-256 of campaign and text, with the prompt and minimum they were scored against and the model version. */
    public String cacheKey(VerificationRequest r) {
        return sha256(String.join("\u0000", String.valueOf(r.campaignId()), String.join("\u0001", r.questions()),
                String.valueOf(r.guidance()), Integer.toString(r.minimumWords()), model.version(), r.text()));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
