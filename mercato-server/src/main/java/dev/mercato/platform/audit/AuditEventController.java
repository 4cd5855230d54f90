package dev.mercato.platform.audit;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code GET /v1/audit-events}: the audit trail for operators, newest first, filtered and paginated. */
@RestController
class AuditEventController {

    private final AuditEvents events;
    private final ObjectMapper json;

    AuditEventController(AuditEvents events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    record AuditEventView(String id, String object, Instant occurredAt, String actorId, String onBehalfOf,
            String apiKeyId, String method, String route, String action, String resourceType, String resourceId,
            int status, String requestId, String clientIp, JsonNode summary) {
    }

    @GetMapping("/v1/audit-events")
    Page<AuditEventView> list(Caller caller, @RequestParam(name = "resource_type", required = false) String resourceType,
            @RequestParam(name = "resource_id", required = false) String resourceId,
            @RequestParam(required = false) String actor,
            @RequestParam(name = "on_behalf_of", required = false) String onBehalfOf,
            @RequestParam(name = "request_id", required = false) String requestId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        int size = Page.limit(limit);
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.invalid("invalid_range", "from must be before to");
        }
        AuditEvents.Filter filter = new AuditEvents.Filter(resourceType, resourceId, actor, onBehalfOf, requestId, start, end);
        return Page.fromOverfetch(events.find(filter, startingAfter, size + 1), size).map(this::view);
    }

    private AuditEventView view(AuditEvent e) {
        return new AuditEventView(e.id(), "audit_event", e.occurredAt(), e.actorId(), e.onBehalfOf(), e.apiKeyId(),
                e.method(), e.route(), e.action(), e.resourceType(), e.resourceId(), e.status(), e.requestId(),
                e.clientIp(), json.readTree(e.summary()));
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("invalid_parameter", name + " is an RFC 3339 instant, e.g. 2026-11-01T00:00:00Z");
        }
    }
}
