package dev.mercato.platform.audit;

import java.time.Instant;

/**
 * One recorded state-changing request.
 *
 * @param actorId     the user who owns the API key used
 * @param onBehalfOf  the user an admin acted for ({@code Mercato-On-Behalf-Of}), or null
 * @param route       the method and matched route pattern, e.g. {@code POST /v1/orders/{id}/pay}
 * @param action      a readable name derived from the route, e.g. {@code order.pay}
 * @param summary     small JSON: the request's fields (secrets redacted) and the response's id, object and status
 */
record AuditEvent(String id, Instant occurredAt, String actorId, String onBehalfOf, String apiKeyId, String method,
        String route, String action, String resourceType, String resourceId, int status, String requestId,
        String clientIp, String summary) {
}
