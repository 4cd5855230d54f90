package dev.mercato.identity.web;

import dev.mercato.identity.ApiKeyManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Authenticates {@code Authorization: Bearer mk_…} on every request except health, uptime, the API
 * description and processor webhooks (which carry their own signatures). Operational endpoints
 * under {@code /actuator} (metrics) need an admin key. Public catalog reads (GET of listings and
 * categories) may come without a key; with one, they are authenticated like any request, so an
 * owner sees its drafts.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String ON_BEHALF_OF = "Mercato-On-Behalf-Of";
    // Processors hold no Mercato key: a webhook is authentic when its signature verifies. A download
    // link is its own credential: a signed, short-lived token.
    private static final List<String> PUBLIC_PREFIXES = List.of("/actuator/health", "/v3/api-docs", "/swagger-ui",
            "/v1/processor-webhooks/", "/v1/downloads/", "/v1/uptime");
    private static final List<String> PUBLIC_READS = List.of("/v1/listings", "/v1/categories", "/v1/reviews",
            "/v1/search", "/v1/featured");

    private final ApiKeyManagement apiKeys;
    private final ObjectMapper json;

    ApiKeyAuthenticationFilter(ApiKeyManagement apiKeys, ObjectMapper json) {
        this.apiKeys = apiKeys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/") || PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader("Authorization") == null && publicRead(request)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            Caller caller = apiKeys.authenticate(bearer(request), request.getHeader(ON_BEHALF_OF));
            if (request.getRequestURI().startsWith("/actuator")) {
                caller.requireAdmin();
            }
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
        } catch (ApiException e) {
            if (e.status() == 401) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"mercato\"");
            }
            Problems.write(request, response, e, json);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean publicRead(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "GET".equals(request.getMethod())
                && PUBLIC_READS.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "authentication_required", "send an API key as Authorization: Bearer mk_…");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || !header.substring(7).trim().startsWith(ApiKeyManagement.PREFIX)) {
            throw new ApiException(401, "invalid_api_key", "the Authorization header must be 'Bearer mk_…'");
        }
        return header.substring(7).trim();
    }
}
