package dev.mercato.platform.audit;

import dev.mercato.platform.AuditExempt;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Records every POST, PUT, PATCH and DELETE that succeeded (2xx) or was refused for lack of
 * permission (403). Other refusals changed nothing and are not recorded, nor are idempotent
 * replays (the original request was). It wraps authentication and idempotency, so it sees who
 * called and the final answer. A request whose module wrote its event inside the business
 * transaction ({@link dev.mercato.platform.AuditLog}) is done; any other is written here, after
 * the handler, and the response is held until the event is stored.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class AuditFilter extends OncePerRequestFilter {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Bodies above this are not summarised (file uploads): the event still records who did what to which resource. */
    private static final int MAX_CAPTURED_BODY = 64 * 1024;

    private final AuditTrail trail;

    AuditFilter(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !CHANGING.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingRequestWrapper capturedRequest = new ContentCachingRequestWrapper(request, MAX_CAPTURED_BODY);
        ContentCachingResponseWrapper capturedResponse = new ContentCachingResponseWrapper(response);
        RequestAudit audit = RequestAudit.bind();
        try {
            chain.doFilter(capturedRequest, capturedResponse);
            int status = capturedResponse.getStatus();
            boolean replayed = "true".equals(capturedResponse.getHeader("Idempotent-Replayed"));
            if (((status >= 200 && status < 300) || status == 403) && !replayed && !audit.recorded()) {
                byte[] body = request.getContentLengthLong() > MAX_CAPTURED_BODY ? null
                        : capturedRequest.getContentAsByteArray();
                trail.record(capturedRequest, status, body, capturedResponse.getContentType(),
                        capturedResponse.getContentAsByteArray(), audit.untransacted(), question(request));
            }
        } finally {
            RequestAudit.unbind();
            capturedResponse.copyBodyToResponse();
        }
    }

    /** A route marked {@code @AuditExempt(question = true)}: its event need not hold the response. */
    private static boolean question(HttpServletRequest request) {
        return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
                && handler.getMethodAnnotation(AuditExempt.class) instanceof AuditExempt exempt && exempt.question();
    }
}
