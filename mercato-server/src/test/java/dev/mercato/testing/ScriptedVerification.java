package dev.mercato.testing;

import dev.mercato.verification.Outcome;
import dev.mercato.verification.ResponseVerification;
import dev.mercato.verification.ScorerResult;
import dev.mercato.verification.Verdict;
import dev.mercato.verification.VerificationRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * TEST DOUBLE of the verification engine, for tests only (it lives in test sources and is picked up
 * by component scanning there, so every test context and test instance has it). A text carrying a
 * marker gets the verdict the test asks for: {@code [verdict:pass]}, {@code [verdict:borderline]} or
 * {@code [verdict:fail]}, optionally with {@code [score:0.42]}. A text without a marker goes to the
 * real engine when one is registered (the verification module's), so this double changes nothing
 * for tests of the engine itself; {@link #remember} is passed on too, and recorded.
 */
@Component
@Primary
public class ScriptedVerification implements ResponseVerification {

    private static final Pattern VERDICT = Pattern.compile("\\[verdict:(pass|borderline|fail)]");
    private static final Pattern SCORE = Pattern.compile("\\[score:([01](?:\\.\\d+)?)]");

    /** Every submission remembered, as {@code campaign:responder:submission}. */
    public static final Set<String> REMEMBERED = ConcurrentHashMap.newKeySet();

    private final ObjectProvider<ResponseVerification> engines;
    private final Clock clock;

    ScriptedVerification(ObjectProvider<ResponseVerification> engines, Clock clock) {
        this.engines = engines;
        this.clock = clock;
    }

    public static String pass(String text) {
        return text + " [verdict:pass]";
    }

    public static String borderline(String text) {
        return text + " [verdict:borderline]";
    }

    public static String fail(String text) {
        return text + " [verdict:fail]";
    }

    @Override
    public Verdict verify(VerificationRequest request) {
        Matcher verdict = VERDICT.matcher(request.text());
        if (!verdict.find()) {
            return engine().verify(request);
        }
        Outcome outcome = Outcome.valueOf(verdict.group(1).toUpperCase(Locale.ROOT));
        Matcher score = SCORE.matcher(request.text());
        double total = score.find() ? Double.parseDouble(score.group(1)) : switch (outcome) {
            case PASS -> 0.85;
            case BORDERLINE -> 0.60;
            case FAIL -> 0.30;
        };
        List<String> failed = outcome == Outcome.FAIL ? List.of("effort.too_short") : List.of();
        List<ScorerResult> scorers = List.of(
                new ScorerResult("effort", "scripted-1", total, 0.5, "scripted by the test", failed),
                new ScorerResult("relevance", "scripted-1", Math.min(1, total + 0.1), 0.5, "scripted by the test", List.of()));
        List<String> tips = outcome == Outcome.FAIL ? List.of("Write at least the minimum number of words.") : List.of();
        return new Verdict(outcome, total, scorers, tips, sha256(request.text()), false, clock.instant());
    }

    @Override
    public void remember(String campaignId, String responderId, String submissionId, String text) {
        REMEMBERED.add(campaignId + ":" + responderId + ":" + submissionId);
        engines.orderedStream().filter(e -> e != this).findFirst()
                .ifPresent(engine -> engine.remember(campaignId, responderId, submissionId, text));
    }

    private ResponseVerification engine() {
        return engines.orderedStream().filter(e -> e != this).findFirst().orElseThrow(() -> new IllegalStateException(
                "no verification engine is registered; the scripted test double needs a [verdict:…] marker"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
