package dev.mercato.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.verification.engine.Scorer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code POST /v1/verification/score}, the PostgreSQL novelty corpus and the Redis result cache. */
class VerificationEndpointTests extends IntegrationTest {

    @Autowired
    ResponseVerification verification;

    @Autowired
    JdbcClient jdbc;

    private HttpFixtures fixtures;

    @org.junit.jupiter.api.BeforeEach
    void fixtures() {
        fixtures = new HttpFixtures(api, admin());
    }

    private static Map<String, Object> body(String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("questions", List.of(VerificationFixtures.QUESTION));
        body.put("guidance", VerificationFixtures.GUIDANCE);
        body.put("minimum_words", 80);
        body.put("seconds_spent", 900);
        body.put("text", text);
        return body;
    }

    @Test
    void scoresATextAndAnswersTheSameTextAgainFromTheCache() {
        Api.Client buyer = fixtures.newUserClient();
        long remembered = jdbc.sql("SELECT count(*) FROM verification_signatures").query(Long.class).single();
        Map<String, Object> body = body(VerificationFixtures.ANSWER + "\n\nWritten for the endpoint test.");
        body.put("thresholds", Map.of("pass", 0.7, "borderline", 0.5));
        Api.Response first = buyer.post("/v1/verification/score", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text("outcome")).isEqualTo("PASS");
        assertThat(first.body().get("cached").asBoolean()).isFalse();
        assertThat(first.body().get("scorers")).hasSize(5);
        assertThat(first.body().get("scorers").get(0).get("version").asString()).startsWith("ai_likelihood-v1");
        assertThat(first.body().get("scorers").get(0).has("failed_checks")).isTrue();
        assertThat(first.text("text_sha256")).hasSize(64);
        Api.Response second = buyer.post("/v1/verification/score", body);
        assertThat(second.body().get("cached").asBoolean()).isTrue();
        assertThat(second.body().get("score")).isEqualTo(first.body().get("score"));
        // nothing was remembered by scoring
        assertThat(jdbc.sql("SELECT count(*) FROM verification_signatures").query(Long.class).single()).isEqualTo(remembered);
    }

    @Test
    void aPastedAnswerFailsWithTips() {
        Map<String, Object> body = body(VerificationFixtures.ANSWER + "\n\nPasted in a hurry.");
        body.put("seconds_spent", 5);
        Api.Response r = fixtures.newUserClient().post("/v1/verification/score", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("outcome")).isEqualTo("FAIL");
        assertThat(r.body().get("tips").toString()).contains("faster than it can be written");
    }

    @Test
    void badInputGetsClearErrors() {
        Api.Client buyer = fixtures.newUserClient();
        assertThat(buyer.post("/v1/verification/score", body("")).code()).isEqualTo("empty_response");
        assertThat(buyer.post("/v1/verification/score", body("a".repeat(VerificationService.MAX_CHARACTERS + 1))).code())
                .isEqualTo("response_too_long");
        assertThat(buyer.post("/v1/verification/score", body("PK\u0003\u0004\u0000\u0001binary")).code()).isEqualTo("binary_response");
        Map<String, Object> noQuestions = body(VerificationFixtures.ANSWER);
        noQuestions.put("questions", List.of());
        Api.Response r = buyer.post("/v1/verification/score", noQuestions);
        assertThat(r.status()).isBetween(400, 422);
        assertThat(r.code()).isEqualTo("invalid_questions");
        Map<String, Object> badThresholds = body(VerificationFixtures.ANSWER);
        badThresholds.put("thresholds", Map.of("pass", 0.4, "borderline", 0.6));
        assertThat(buyer.post("/v1/verification/score", badThresholds).code()).isEqualTo("invalid_thresholds");
        Map<String, Object> negative = body(VerificationFixtures.ANSWER);
        negative.put("seconds_spent", -1);
        assertThat(buyer.post("/v1/verification/score", negative).code()).isEqualTo("invalid_seconds_spent");
        assertThat(api.anonymous().post("/v1/verification/score", body(VerificationFixtures.ANSWER)).status()).isEqualTo(401);
    }

    @Test
    void rememberedResponsesAreStoredOnceAndCatchCopiesInTheirCampaign() {
        String campaign = "cmp_verif_" + System.nanoTime();
        verification.remember(campaign, "usr_first", "sub_" + campaign, VerificationFixtures.ANSWER);
        verification.remember(campaign, "usr_first", "sub_" + campaign, VerificationFixtures.ANSWER);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_signatures WHERE campaign_id = ?").param(campaign)
                .query(Long.class).single()).isEqualTo(1);
        Verdict copy = verification.verify(new VerificationRequest(campaign, List.of(VerificationFixtures.QUESTION),
                VerificationFixtures.GUIDANCE, 80, 900L, "usr_second", VerificationFixtures.ANSWER, Thresholds.DEFAULT));
        assertThat(copy.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(copy.scorers().get(1).failedChecks()).containsExactly("duplicate_response");

        Map<String, Object> body = body(VerificationFixtures.ANSWER);
        body.put("campaign_id", campaign);
        Api.Response stranger = fixtures.newUserClient().post("/v1/verification/score", body);
        assertThat(stranger.status()).as("only the campaign's buyer may compare with its responses").isEqualTo(404);
        assertThat(stranger.code()).isEqualTo("campaign_not_found");
        Api.Response viaHttp = admin().post("/v1/verification/score", body);
        assertThat(viaHttp.text("outcome")).isEqualTo("FAIL");
    }

    @Test
    void theResultCacheLivesInRedisWhenItIsConfigured() {
        String url = Optional.ofNullable(System.getenv("MERCATO_TEST_REDIS_URL")).orElse("redis://127.0.0.1:6379");
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisResultCache cache = new RedisResultCache(connection, json, Duration.ofHours(1));
            String key = "test-" + System.nanoTime();
            assertThat(cache.get(key)).isEmpty();
            ScorerResult result = new ScorerResult("quality", "quality-v1", 0.5, 0.15, "why", List.of("spelling"));
            List<Scorer.Score> scores = List.of(new Scorer.Score(result, List.of("Check the spelling.")));
            cache.put(key, scores);
            assertThat(cache.get(key)).contains(scores);
            long ttl = connection.sync().pttl(RedisResultCache.PREFIX + key);
            assertThat(ttl).isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
            connection.sync().del(RedisResultCache.PREFIX + key);
        } finally {
            client.shutdown();
        }
    }
}
