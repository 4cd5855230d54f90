package dev.mercato.verification;

import dev.mercato.platform.ApiException;
import dev.mercato.verification.engine.LocalResultCache;
import dev.mercato.verification.engine.Model;
import dev.mercato.verification.engine.VerificationEngine;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link ResponseVerification} on the shipped model: signatures in PostgreSQL, the result cache in
 * Redis when it is configured, else in this instance's memory. Rejects what cannot be a response
 * (empty, enormous, binary) and prompts without a question with 400s and a stable code.
 */
@Service
class VerificationService implements ResponseVerification {

    /** The longest response scored: about 20,000 words. */
    static final int MAX_CHARACTERS = 120_000;
    static final int MAX_PROMPT_CHARACTERS = 20_000;

    private final VerificationEngine engine;

    VerificationService(JdbcSignatureStore store, ObjectProvider<StatefulRedisConnection<String, String>> redis,
            ObjectMapper json, Clock clock, @Value("${mercato.verification.cache-ttl:PT1H}") Duration ttl,
            @Value("${mercato.verification.cache-entries:10000}") int entries) {
        StatefulRedisConnection<String, String> connection = redis.getIfAvailable();
        VerificationEngine.ResultCache cache = connection == null ? new LocalResultCache(clock, ttl, entries)
                : new RedisResultCache(connection, json, ttl);
        this.engine = new VerificationEngine(Model.shipped(), store, cache, clock);
    }

    @Override
    public Verdict verify(VerificationRequest request) {
        validate(request);
        return engine.verify(request);
    }

    @Override
    public void remember(String campaignId, String responderId, String submissionId, String text) {
        if (campaignId == null || campaignId.isBlank() || submissionId == null || submissionId.isBlank()) {
            throw ApiException.invalid("invalid_request", "remembering a response needs its campaign and submission ids");
        }
        checkText(text);
        engine.remember(campaignId, responderId, submissionId, text);
    }

    static void validate(VerificationRequest r) {
        if (r == null) {
            throw ApiException.invalid("invalid_request", "a verification needs a body");
        }
        checkText(r.text());
        List<String> questions = r.questions();
        if (questions == null || questions.isEmpty() || questions.stream().anyMatch(q -> q == null || q.isBlank())) {
            throw ApiException.invalid("invalid_questions", "questions needs at least one question, none of them empty");
        }
        int promptLength = questions.stream().mapToInt(String::length).sum() + (r.guidance() == null ? 0 : r.guidance().length());
        if (promptLength > MAX_PROMPT_CHARACTERS) {
            throw ApiException.invalid("invalid_questions", "questions and guidance together are limited to "
                    + MAX_PROMPT_CHARACTERS + " characters");
        }
        if (r.minimumWords() < 0 || r.minimumWords() > 20_000) {
            throw ApiException.invalid("invalid_minimum_words", "minimum_words is 0 to 20000");
        }
        if (r.secondsSpent() != null && r.secondsSpent() < 0) {
            throw ApiException.invalid("invalid_seconds_spent", "seconds_spent cannot be negative");
        }
    }

    static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalid("empty_response", "the response text is empty");
        }
        if (text.length() > MAX_CHARACTERS) {
            throw ApiException.invalid("response_too_long", "a response is limited to " + MAX_CHARACTERS + " characters");
        }
        long control = text.chars().filter(c -> c < 32 && c != '\n' && c != '\r' && c != '\t' || c == 0xFFFD).count();
        if (control > 0) {
            throw ApiException.invalid("binary_response", "the response contains control characters or invalid UTF-8; send plain text");
        }
    }

    VerificationEngine engine() {
        return engine;
    }
}
