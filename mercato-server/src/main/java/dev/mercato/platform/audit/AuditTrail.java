package dev.mercato.platform.audit;

import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import dev.mercato.platform.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds audit events from requests. The filter's events (requests whose modules recorded no
 * change) are stored here, on the request's thread after its transaction committed and before the
 * response leaves (ADR 0009); a failed write does not undo the change the request made: the event
 * goes to the error log in full instead (it holds no secrets) and {@code audit_write_failures_total}
 * rises so an alert fires. Events with changes are stored by {@link TransactionalAuditLog} (ADR 0015).
 */
@Component
class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditWriter writer;
    private final Clock clock;
    private final ObjectMapper json;
    private final Timer writes;
    private final Counter failures;

    AuditTrail(AuditWriter writer, Clock clock, ObjectMapper json, MeterRegistry meters) {
        this.writer = writer;
        this.clock = clock;
        this.json = json;
        this.writes = Timer.builder("audit.write").description("time a request waited for its audit event to commit")
                .register(meters);
        this.failures = Counter.builder("audit.write.failures")
                .description("audit events that could not be stored (each is in the error log)").register(meters);
    }

    /**
     * Writes the event of a finished request whose modules recorded nothing inside a transaction,
     * with the changes they reported outside one. It returns once the event is committed, unless
     * {@code afterResponse}: then the event is queued for the writer's next commit and a failure
     * to store it is handled (logged and counted) when the writer reports it.
     */
    void record(HttpServletRequest request, int status, byte[] requestBody, String responseType, byte[] responseBody,
            List<AuditChange> changes, boolean afterResponse) {
        JsonNode response = parse(responseType, responseBody);
        AuditEvent event = eventOf(captureOf(request, status, requestBody), response, changes);
        try {
            if (afterResponse) {
                writer.storeLater(event).whenComplete((stored, failure) -> {
                    if (failure == null) {
                        logStored(event);
                    } else {
                        failed(event, failure);
                    }
                });
                return;
            }
            writes.record(() -> writer.store(event));
            logStored(event);
        } catch (RuntimeException e) {
            failed(event, e);
        }
    }

    private void failed(AuditEvent event, Throwable e) {
        failures.increment();
        log.error("could not store audit event {}", json.writeValueAsString(event), e);
    }

    static void logStored(AuditEvent event) {
        log.debug("audited {} {} {} {}", event.action(), event.resourceType(), event.resourceId(), event.status());
    }

    /** What the event of this request needs, taken now on the request's thread. */
    RequestCapture captureOf(HttpServletRequest request, int status, byte[] requestBody) {
        Caller caller = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return new RequestCapture(RequestAudit.current(), caller == null ? null : caller.actorId(),
                caller != null && caller.actingOnBehalf() ? caller.userId() : null,
                caller == null ? null : caller.apiKeyId(), caller == null ? null : caller.userId(), request.getMethod(),
                pattern != null ? pattern : request.getRequestURI(), variables == null ? Map.of() : Map.copyOf(variables),
                parse(request.getContentType(), requestBody),
                String.valueOf(request.getAttribute(Problems.REQUEST_ID_ATTRIBUTE)), request.getRemoteAddr(), status);
    }

    /**
     * The event of a request: the action and resource come from its route (a created resource's id
     * from the response or, failing that, the change of that resource type, else the first change:
     * {@code POST /v1/admin/featured} creates a {@code featured_placement}); the summary holds the redacted request,
     * the response's id, object and status, and the changes with their before and after.
     */
    AuditEvent eventOf(RequestCapture request, JsonNode response, List<AuditChange> changes) {
        String responseId = response != null && response.path("id").isString() ? response.path("id").asString() : null;
        RouteAction route = RouteAction.of(request.method(), request.route(), request.variables(),
                request.callerUserId(), responseId);
        RouteAction target = route.resourceId() != null ? route : changes.stream()
                .filter(c -> c.resourceType().equals(route.resourceType())).findFirst()
                .or(() -> changes.stream().findFirst())
                .map(c -> new RouteAction(route.action(), c.resourceType(), c.resourceId())).orElse(route);
        String summary = json.writeValueAsString(AuditSummary.of(request.requestBody(), response, changes));
        return new AuditEvent(Ids.next("aud", clock), clock.instant(), request.actorId(), request.onBehalfOf(),
                request.apiKeyId(), request.method(), request.method() + " " + request.route(), target.action(),
                target.resourceType(), target.resourceId(), request.status(), request.requestId(), request.clientIp(),
                summary);
    }

    /** A resource's state as the summary keeps it: JSON, bounded, secrets redacted. */
    JsonNode stateOf(Object state) {
        return state == null ? null : AuditSummary.redact(json.valueToTree(state), 0);
    }

    private JsonNode parse(String contentType, byte[] body) {
        if (body == null || body.length == 0 || !isJson(contentType)) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
