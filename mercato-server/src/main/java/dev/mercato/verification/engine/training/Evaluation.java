package dev.mercato.verification.engine.training;

import dev.mercato.verification.Outcome;
import dev.mercato.verification.ScorerResult;
import dev.mercato.verification.Thresholds;
import dev.mercato.verification.Verdict;
import dev.mercato.verification.VerificationRequest;
import dev.mercato.verification.engine.InMemorySignatureStore;
import dev.mercato.verification.engine.LocalResultCache;
import dev.mercato.verification.engine.Model;
import dev.mercato.verification.engine.VerificationEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores the {@link EvaluationSet} with the shipped model and prints, per scorer and overall,
 * precision, recall and false-positive rate: {@code ./mercato eval verification}. Reproducible: the
 * same corpus, data and model give the same figures.
 */
public final class Evaluation {

    /** One scored case. */
    public record Scored(EvaluationSet.Case evaluationCase, Verdict verdict) {

        public double score(String scorer) {
            return verdict.scorers().stream().filter(s -> s.scorer().equals(scorer)).mapToDouble(ScorerResult::score)
                    .findFirst().orElseThrow();
        }
    }

    /** Positive = a response that should not pass; flagged = what the rule says. */
    public record Rates(int truePositives, int falsePositives, int positives, int negatives) {

        public double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return positives == 0 ? 0 : (double) truePositives / positives;
        }

        public double falsePositiveRate() {
            return negatives == 0 ? 0 : (double) falsePositives / negatives;
        }
    }

    private Evaluation() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Evaluation CORPUS_DIR DATA_DIR");
            System.exit(2);
        }
        EvaluationSet set = EvaluationSet.build(Path.of(args[0]), Path.of(args[1]));
        List<Scored> scored = run(set, Model.shipped());
        System.out.println(report(scored, Model.shipped()));
    }

    public static List<Scored> run(EvaluationSet set, Model model) {
        VerificationEngine engine = new VerificationEngine(model, new InMemorySignatureStore(),
                new LocalResultCache(Clock.systemUTC(), Duration.ofHours(1), 10_000), Clock.systemUTC());
        List<Scored> out = new ArrayList<>();
        int n = 0;
        for (EvaluationSet.Case c : set.cases()) {
            String campaign = "cmp_eval_" + c.prompt().key();
            if (c.kind() == EvaluationSet.Kind.EARLIER) {
                engine.remember(campaign, c.responder(), "sub_eval_" + n++, c.text());
                continue;
            }
            Verdict v = engine.verify(new VerificationRequest(campaign, List.of(c.prompt().question()), c.prompt().guidance(),
                    EvaluationSet.MINIMUM_WORDS, null, c.responder(), c.text(), Thresholds.DEFAULT));
            out.add(new Scored(c, v));
            if (c.remember()) {
                engine.remember(campaign, c.responder(), "sub_eval_" + n++, c.text());
            }
        }
        return out;
    }

    /** The rates of a rule over the scored cases: positives are the kinds given, negatives the human answers. */
    public static Rates rates(List<Scored> scored, java.util.function.Predicate<Scored> flagged, EvaluationSet.Kind... positive) {
        List<EvaluationSet.Kind> kinds = List.of(positive);
        int tp = 0;
        int fp = 0;
        int p = 0;
        int neg = 0;
        for (Scored s : scored) {
            EvaluationSet.Kind kind = s.evaluationCase().kind();
            boolean f = flagged.test(s);
            if (kind == EvaluationSet.Kind.HUMAN) {
                neg++;
                fp += f ? 1 : 0;
            } else if (kinds.contains(kind)) {
                p++;
                tp += f ? 1 : 0;
            }
        }
        return new Rates(tp, fp, p, neg);
    }

    public static String report(List<Scored> scored, Model model) {
        StringBuilder out = new StringBuilder();
        Map<EvaluationSet.Kind, Integer> counts = new EnumMap<>(EvaluationSet.Kind.class);
        scored.forEach(s -> counts.merge(s.evaluationCase().kind(), 1, Integer::sum));
        out.append("Verification evaluation, model ").append(model.version()).append(": ").append(counts).append('\n');
        EvaluationSet.Kind[] bad = {EvaluationSet.Kind.MACHINE, EvaluationSet.Kind.COPIED, EvaluationSet.Kind.OFF_TOPIC};
        out.append("\n| rule | precision | recall (all bad) | recall machine | recall copied | recall off-topic | false-positive rate (human) |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        Map<String, java.util.function.Predicate<Scored>> rules = new LinkedHashMap<>();
        for (String scorer : List.of("ai_likelihood", "novelty", "relevance", "effort", "quality")) {
            rules.put(scorer + " < 0.5", s -> s.score(scorer) < 0.5);
        }
        rules.put("overall: fail", s -> s.verdict().outcome() == Outcome.FAIL);
        rules.put("overall: not pass (fail or borderline)", s -> s.verdict().outcome() != Outcome.PASS);
        rules.forEach((name, rule) -> {
            Rates all = rates(scored, rule, bad);
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f (%d/%d) | %s | %s | %s | %.3f (%d/%d) |%n", name,
                    all.precision(), all.recall(), all.truePositives(), all.positives(),
                    recall(rates(scored, rule, EvaluationSet.Kind.MACHINE)), recall(rates(scored, rule, EvaluationSet.Kind.COPIED)),
                    recall(rates(scored, rule, EvaluationSet.Kind.OFF_TOPIC)), all.falsePositiveRate(), all.falsePositives(),
                    all.negatives()));
        });
        out.append("\n| kind | pass | borderline | fail | mean total |\n|---|---|---|---|---|\n");
        for (EvaluationSet.Kind kind : List.of(EvaluationSet.Kind.HUMAN, EvaluationSet.Kind.MACHINE, EvaluationSet.Kind.COPIED,
                EvaluationSet.Kind.OFF_TOPIC)) {
            List<Scored> of = scored.stream().filter(s -> s.evaluationCase().kind() == kind).toList();
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.3f |%n", kind.name().toLowerCase(Locale.ROOT),
                    of.stream().filter(s -> s.verdict().outcome() == Outcome.PASS).count(),
                    of.stream().filter(s -> s.verdict().outcome() == Outcome.BORDERLINE).count(),
                    of.stream().filter(s -> s.verdict().outcome() == Outcome.FAIL).count(),
                    of.stream().mapToDouble(s -> s.verdict().score()).average().orElse(0)));
        }
        if (Boolean.getBoolean("verification.eval.details")) {
            out.append('\n');
            for (Scored s : scored) {
                out.append(String.format(Locale.ROOT, "%-9s %-16s %-28s %-10s %.3f ", s.evaluationCase().kind(),
                        s.evaluationCase().prompt().key(), s.evaluationCase().label(), s.verdict().outcome(), s.verdict().score()));
                s.verdict().scorers().forEach(r -> out.append(String.format(Locale.ROOT, " %s=%.2f", r.scorer(), r.score())));
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String recall(Rates r) {
        return String.format(Locale.ROOT, "%.2f (%d/%d)", r.recall(), r.truePositives(), r.positives());
    }
}
