package dev.mercato.verification;

import dev.mercato.verification.engine.Scorer;
import dev.mercato.verification.engine.VerificationEngine;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * The result cache in Redis (JSON, expiring after the TTL), shared by every instance. Redis is never
 * needed for correctness: a failing call is a miss, and the scores are computed again.
 */
final class RedisResultCache implements VerificationEngine.ResultCache {

    private static final Logger log = LoggerFactory.getLogger(RedisResultCache.class);
    static final String PREFIX = "mercato:verification:";

    private final StatefulRedisConnection<String, String> redis;
    private final ObjectMapper json;
    private final Duration ttl;

    RedisResultCache(StatefulRedisConnection<String, String> redis, ObjectMapper json, Duration ttl) {
        this.redis = redis;
        this.json = json;
        this.ttl = ttl;
    }

    @Override
    public Optional<List<Scorer.Score>> get(String key) {
        try {
            String value = redis.sync().get(PREFIX + key);
            if (value == null) {
                return Optional.empty();
            }
            return Optional.of(List.of(json.readValue(value, Scorer.Score[].class)));
        } catch (RuntimeException e) {
            log.debug("verification cache read failed, scoring again", e);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, List<Scorer.Score> scores) {
        try {
            redis.sync().set(PREFIX + key, json.writeValueAsString(scores), SetArgs.Builder.px(ttl.toMillis()));
        } catch (RuntimeException e) {
            log.debug("verification cache write failed", e);
        }
    }
}
