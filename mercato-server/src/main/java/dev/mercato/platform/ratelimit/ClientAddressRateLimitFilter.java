package dev.mercato.platform.ratelimit;

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
 * The {@code ip} limit: all requests from one client address together, counted before
 * authentication so that guessing API keys is limited too. The address is the connection's peer;
 * behind a reverse proxy set {@code server.forward-headers-strategy} so it is the client's.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class ClientAddressRateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final ObjectMapper json;

    ClientAddressRateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ObjectMapper json) {
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
        RateLimiter.Decision decision = limiter.consume(limiter.classes().perIp(), "ip:" + request.getRemoteAddr());
        if (!decision.allowed()) {
            RateLimitResponses.reject(request, response, decision, json);
            return;
        }
        RateLimitResponses.describe(response, decision);
        chain.doFilter(request, response);
    }
}
