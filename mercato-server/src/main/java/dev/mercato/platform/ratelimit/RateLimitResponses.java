package dev.mercato.platform.ratelimit;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * The RateLimit header fields of the IETF httpapi draft ({@code RateLimit-Limit},
 * {@code -Remaining}, {@code -Reset}, {@code -Policy}) on every limited response, and the 429 with
 * {@code Retry-After} and problem+json code {@code rate_limited}.
 */
final class RateLimitResponses {

    private RateLimitResponses() {
    }

    static void describe(HttpServletResponse response, RateLimiter.Decision decision) {
        response.setHeader("RateLimit-Limit", Long.toString(decision.quota().limit()));
        response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        response.setHeader("RateLimit-Policy", decision.quota().policy());
    }

    static void reject(HttpServletRequest request, HttpServletResponse response, RateLimiter.Decision decision,
            ObjectMapper json) throws IOException {
        describe(response, decision);
        long retryAfter = decision.retryAfterSeconds();
        response.setHeader("Retry-After", Long.toString(retryAfter));
        Quota quota = decision.quota();
        Problems.write(request, response, new ApiException(429, "rate_limited",
                "too many requests: the limit for " + quota.name() + " is " + quota.describe() + "; retry in "
                        + retryAfter + " s",
                Map.of("endpoint_class", quota.name(), "retry_after", retryAfter)), json);
    }
}
