package dev.mercato.platform.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code ip} limit: all requests from one client address together, counted before
 * authentication so that guessing API keys is limited too. The address is the connection's peer;
 * behind a reverse proxy set {@code server.forward-headers-strategy} so it is the client's.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class ClientAddressRateLimitFilter extends RateLimitFilter {

    ClientAddressRateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ObjectMapper json) {
        super(limiter, properties, json);
    }

    @Override
    Quota quota(HttpServletRequest request) {
        return limiter.classes().perIp();
    }

    @Override
    String subject(HttpServletRequest request) {
        return "ip:" + request.getRemoteAddr();
    }
}
