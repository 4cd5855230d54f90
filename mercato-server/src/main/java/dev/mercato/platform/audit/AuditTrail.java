package dev.mercato.platform.audit;

import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import dev.mercato.platform.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
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
 * Turns a finished request into an {@link AuditEvent} and stores it. Runs on the request's thread
 * after the handler's transaction committed and before the response leaves (ADR 0009). A failed
 * write does not undo the change the request made: the event goes to the error log in full
 * instead (it holds no secrets) and {@code audit_write_failures_total} rises so an alert fires.
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

    void record(HttpServletRequest request, int status, byte[] requestBody, String responseType, byte[] responseBody) {
        AuditEvent event = eventOf(request, status, requestBody, responseType, responseBody);
        try {
            writes.record(() -> writer.store(event));
            log.debug("audited {} {} {} {}", event.action(), event.resourceType(), event.resourceId(), event.status());
        } catch (RuntimeException e) {
            failures.increment();
            log.error("could not store audit event {}", json.writeValueAsString(event), e);
        }
    }

    private AuditEvent eventOf(HttpServletRequest request, int status, byte[] requestBody, String responseType,
            byte[] responseBody) {
        Caller caller = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        String method = request.getMethod();
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        JsonNode response = parse(responseType, responseBody);
        String responseId = response != null && response.path("id").isString() ? response.path("id").asString() : null;
        String route = pattern != null ? pattern : request.getRequestURI();
        RouteAction target = RouteAction.of(method, route, variables == null ? Map.of() : variables,
                caller == null ? null : caller.userId(), responseId);
        String summary = json.writeValueAsString(AuditSummary.of(parse(request.getContentType(), requestBody), response));
        return new AuditEvent(Ids.next("aud", clock), clock.instant(), caller == null ? null : caller.actorId(),
                caller != null && caller.actingOnBehalf() ? caller.userId() : null,
                caller == null ? null : caller.apiKeyId(), method, method + " " + route, target.action(),
                target.resourceType(), target.resourceId(), status,
                String.valueOf(request.getAttribute(Problems.REQUEST_ID_ATTRIBUTE)), request.getRemoteAddr(), summary);
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
