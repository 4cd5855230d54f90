package dev.mercato.platform.ratelimit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Counts a request against one quota for one subject: within it, the request goes on with the
 * {@code RateLimit-*} headers; past it, it gets 429. Subclasses say which quota and which subject.
 */
abstract class RateLimitFilter extends OncePerRequestFilter {

    final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final ObjectMapper json;

    RateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ObjectMapper json) {
        this.limiter = limiter;
        this.properties = properties;
        this.json = json;
    }

    abstract Quota quota(HttpServletRequest request);

    abstract String subject(HttpServletRequest request);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled() || limiter.classes().exempt(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter.Decision decision = limiter.consume(quota(request), subject(request));
        if (!decision.allowed()) {
            RateLimitResponses.reject(request, response, decision, json);
            return;
        }
        RateLimitResponses.describe(response, decision);
        chain.doFilter(request, response);
    }
}
