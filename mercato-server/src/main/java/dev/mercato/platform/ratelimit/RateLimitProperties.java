package dev.mercato.platform.ratelimit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.rate-limits.*}. Endpoint classes given in configuration are merged
 * over the built-in ones field by field, so an operator can change one class's limit without
 * repeating its endpoints, and can add classes of their own.
 *
 * @param enabled            false turns rate limiting off entirely
 * @param classes            endpoint classes by name; {@code default} applies to every request no other class
 *                           matches, {@code ip} to all requests of one client address together
 * @param exempt             path patterns never limited (health, metrics, the API description)
 * @param redisKeyPrefix     prefix of the bucket keys in Redis, to share one Redis between installations
 * @param redisRetryInterval after Redis failed, how long limits stay in-process before Redis is tried again
 * @param maxLocalBuckets    how many in-process buckets are kept; the least recently used go first
 */
@ConfigurationProperties("mercato.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, Map<String, EndpointClass> classes,
        @DefaultValue({"/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html"}) List<String> exempt,
        @DefaultValue("mercato:rate-limit:") String redisKeyPrefix, @DefaultValue("PT1S") Duration redisRetryInterval,
        @DefaultValue("100000") int maxLocalBuckets) {

    public static final String DEFAULT_CLASS = "default";
    public static final String IP_CLASS = "ip";

    /** The defaults of the paid-responses platform (docs/rate-limits.md); endpoints that come later are named ahead. */
    static final Map<String, EndpointClass> BUILT_IN = builtIn();

    public RateLimitProperties {
        classes = merge(BUILT_IN, classes == null ? Map.of() : classes);
    }

    /**
     * @param limit     requests allowed per period (the bucket's capacity; it refills evenly over the period)
     * @param period    the period, e.g. {@code PT1M}
     * @param endpoints {@code METHOD /path/pattern} (or just a pattern, for every method); {@code *} matches
     *                  one path segment, {@code **} any number
     */
    public record EndpointClass(Long limit, Duration period, List<String> endpoints) {

        EndpointClass over(EndpointClass base) {
            return new EndpointClass(limit == null ? base.limit : limit, period == null ? base.period : period,
                    endpoints == null ? base.endpoints : endpoints);
        }
    }

    private static Map<String, EndpointClass> merge(Map<String, EndpointClass> base, Map<String, EndpointClass> given) {
        Map<String, EndpointClass> merged = new LinkedHashMap<>(base);
        given.forEach((name, configured) -> merged.merge(name, configured, (builtIn, over) -> over.over(builtIn)));
        merged.replaceAll((name, c) -> {
            if (c.limit() == null || c.limit() < 1 || c.period() == null || c.period().isNegative() || c.period().isZero()) {
                throw new IllegalArgumentException("mercato.rate-limits.classes." + name
                        + " needs a limit of at least 1 and a positive period");
            }
            return c.endpoints() == null ? new EndpointClass(c.limit(), c.period(), List.of()) : c;
        });
        return Collections.unmodifiableMap(merged);
    }

    private static Map<String, EndpointClass> builtIn() {
        Map<String, EndpointClass> classes = new LinkedHashMap<>();
        classes.put("responses", minute(10, "POST /v1/campaigns/*/responses"));
        classes.put("campaigns", new EndpointClass(5L, Duration.ofHours(1), List.of("POST /v1/campaigns")));
        classes.put("verification", minute(20, "POST /v1/verification/score"));
        classes.put("tasks", minute(30, "POST /v1/campaigns/*/tasks", "POST /v1/tasks/*/accept"));
        classes.put("onboarding", new EndpointClass(5L, Duration.ofHours(1), List.of("POST /v1/payout-accounts")));
        classes.put(DEFAULT_CLASS, minute(100));
        classes.put(IP_CLASS, minute(1000));
        return classes;
    }

    private static EndpointClass minute(long limit, String... endpoints) {
        return new EndpointClass(limit, Duration.ofMinutes(1), List.of(endpoints));
    }
}
