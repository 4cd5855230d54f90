package dev.mercato.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Puts a request in its endpoint class: the first class (built-in ones first, then those added in
 * configuration) with an endpoint pattern matching the method and path, else the default class.
 * Answers are remembered per method and path (a bounded cache): every request asked two filters
 * to parse its path and try every pattern, and most requests repeat a path already seen.
 */
final class EndpointClasses {

    private record Rule(String method, PathPattern path, Quota quota) {

        boolean matches(String requestMethod, PathContainer requestPath) {
            return (method == null || method.equals(requestMethod)) && path.matches(requestPath);
        }
    }

    /** Method and path pairs remembered; beyond this the least recently used are dropped. */
    static final int MAX_REMEMBERED_PATHS = 10_000;

    private final List<Rule> rules = new ArrayList<>();
    private final Cache<String, Quota> classes = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED_PATHS).build();
    private final Cache<String, Boolean> exemptPaths = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED_PATHS).build();
    private final List<PathPattern> exempt;
    private final Quota fallback;
    private final Quota perIp;

    EndpointClasses(RateLimitProperties properties) {
        properties.classes().forEach((name, endpointClass) -> {
            if (name.equals(RateLimitProperties.DEFAULT_CLASS) || name.equals(RateLimitProperties.IP_CLASS)) {
                return;
            }
            Quota quota = new Quota(name, endpointClass.limit(), endpointClass.period());
            for (String endpoint : endpointClass.endpoints()) {
                rules.add(rule(endpoint.trim(), quota));
            }
        });
        this.exempt = properties.exempt().stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.fallback = quota(properties, RateLimitProperties.DEFAULT_CLASS);
        this.perIp = quota(properties, RateLimitProperties.IP_CLASS);
    }

    boolean exempt(HttpServletRequest request) {
        return exemptPaths.get(path(request), path -> {
            PathContainer parsed = PathContainer.parsePath(path);
            return exempt.stream().anyMatch(pattern -> pattern.matches(parsed));
        });
    }

    Quota classify(HttpServletRequest request) {
        String method = request.getMethod();
        String path = path(request);
        return classes.get(method + ' ' + path, key -> {
            PathContainer parsed = PathContainer.parsePath(path);
            return rules.stream().filter(rule -> rule.matches(method, parsed)).map(Rule::quota).findFirst()
                    .orElse(fallback);
        });
    }

    Quota perIp() {
        return perIp;
    }

    /** The longest period of any class: an in-process bucket idle that long is full again and can be dropped. */
    Duration longestPeriod() {
        Duration longest = fallback.period().compareTo(perIp.period()) > 0 ? fallback.period() : perIp.period();
        for (Rule rule : rules) {
            if (rule.quota().period().compareTo(longest) > 0) {
                longest = rule.quota().period();
            }
        }
        return longest;
    }

    private static Rule rule(String endpoint, Quota quota) {
        int space = endpoint.indexOf(' ');
        String method = space < 0 ? null : endpoint.substring(0, space).toUpperCase(Locale.ROOT);
        String path = space < 0 ? endpoint : endpoint.substring(space + 1).trim();
        return new Rule(method, PathPatternParser.defaultInstance.parse(path), quota);
    }

    private static Quota quota(RateLimitProperties properties, String name) {
        RateLimitProperties.EndpointClass endpointClass = properties.classes().get(name);
        return new Quota(name, endpointClass.limit(), endpointClass.period());
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
