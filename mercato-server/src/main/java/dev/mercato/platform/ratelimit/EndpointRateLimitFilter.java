package dev.mercato.platform.ratelimit;

import dev.mercato.platform.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * The endpoint-class limits, after authentication (and before idempotency, so a replayed POST counts
 * too). An authenticated request is counted against its API key, and against the user it acts for
 * when a platform key acts on behalf of its users, so each end user gets the class limit; a request
 * without a key is counted against its client address. Its headers replace the {@code ip} limit's.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class EndpointRateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final ObjectMapper json;

    EndpointRateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ObjectMapper json) {
        this.limiter = limiter;
        this.properties = properties;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled() || limiter.classes().exempt(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter.Decision decision = limiter.consume(limiter.classes().classify(request), subject(request));
        if (!decision.allowed()) {
            RateLimitResponses.reject(request, response, decision, json);
            return;
        }
        RateLimitResponses.describe(response, decision);
        chain.doFilter(request, response);
    }

    private static String subject(HttpServletRequest request) {
        if (request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) {
            return caller.actingOnBehalf() ? "key:" + caller.apiKeyId() + ":" + caller.userId()
                    : "key:" + caller.apiKeyId();
        }
        return "ip:" + request.getRemoteAddr();
    }
}
