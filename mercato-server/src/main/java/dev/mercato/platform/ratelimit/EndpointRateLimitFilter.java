package dev.mercato.platform.ratelimit;

import dev.mercato.platform.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The endpoint-class limits, after authentication (and before idempotency, so a replayed POST counts
 * too). An authenticated request is counted against its API key, and against the user it acts for
 * when a platform key acts on behalf of its users, so each end user gets the class limit; a request
 * without a key is counted against its client address. Its headers replace the {@code ip} limit's.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class EndpointRateLimitFilter extends RateLimitFilter {

    EndpointRateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ObjectMapper json) {
        super(limiter, properties, json);
    }

    @Override
    Quota quota(HttpServletRequest request) {
        return limiter.classes().classify(request);
    }

    @Override
    String subject(HttpServletRequest request) {
        if (request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) {
            return caller.actingOnBehalf() ? "key:" + caller.apiKeyId() + ":" + caller.userId()
                    : "key:" + caller.apiKeyId();
        }
        return "ip:" + request.getRemoteAddr();
    }
}
