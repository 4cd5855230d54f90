package dev.mercato.webhooks;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * The events Mercato emits and their deliveries: an event is stored once per fact, with a pending
 * delivery to every enabled endpoint that wants its type, in one transaction; the dispatcher sends
 * them. Operators read events and delivery logs, and replay an event to an endpoint.
 */
@Service
public class WebhookEventLog {

    private final Events events;
    private final Endpoints endpoints;
    private final Deliveries deliveries;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;

    WebhookEventLog(Events events, Endpoints endpoints, Deliveries deliveries, ObjectMapper json, Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.events = events;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records that {@code type} happened to {@code objectId} and queues its deliveries, in the
     * caller's transaction. A second call for the same type and object changes nothing, so a
     * domain event the outbox delivers twice makes one webhook event.
     */
    void record(String type, String objectId, Map<String, Object> data, Instant at) {
        WebhookEvent event = new WebhookEvent(Ids.next("evt", clock), type, json.writeValueAsString(data), at);
        if (!events.insert(event, objectId)) {
            return;
        }
        Instant now = clock.instant();
        for (String endpoint : endpoints.enabledFor(type)) {
            deliveries.insert(Ids.next("whd", clock), event.id(), endpoint, "event", now);
        }
    }

    public Optional<WebhookEvent> find(String id) {
        return Ids.hasPrefix(id, "evt") ? events.find(id) : Optional.empty();
    }

    /** Newest first, optionally of one type, fetching {@code limit} rows. */
    public List<WebhookEvent> list(String type, String startingAfter, int limit) {
        if (type != null && !EventTypes.KNOWN.contains(type)) {
            throw ApiException.invalid("invalid_type", "unknown event type '" + type + "'");
        }
        return events.list(type, startingAfter, limit);
    }

    /** Sends the event to the endpoint again, as a new delivery with its own attempts and log. */
    @Transactional
    public WebhookDelivery replay(String eventId, String endpointId) {
        WebhookEvent event = find(eventId)
                .orElseThrow(() -> ApiException.notFound("event_not_found", "no event " + eventId));
        if (endpointId == null) {
            throw ApiException.invalid("invalid_endpoint", "endpoint_id names the webhook endpoint to send the event to");
        }
        WebhookEndpoint endpoint = Ids.hasPrefix(endpointId, "we") ? endpoints.find(endpointId).orElse(null) : null;
        if (endpoint == null) {
            throw WebhookEndpointManagement.notFound(endpointId);
        }
        if (!endpoint.enabled()) {
            throw new ApiException(409, "webhook_endpoint_disabled",
                    "endpoint " + endpointId + " is disabled; enable it before replaying events to it");
        }
        String id = Ids.next("whd", clock);
        deliveries.insert(id, event.id(), endpoint.id(), "replay", clock.instant());
        WebhookDelivery delivery = deliveries.find(id).orElseThrow();
        audit.changed("webhook_delivery", id, null, delivery);
        return delivery;
    }

    /** The endpoint's deliveries, newest first, each with its attempt log. */
    public List<WebhookDelivery> deliveries(String endpointId, String startingAfter, int limit) {
        if (!Ids.hasPrefix(endpointId, "we") || endpoints.find(endpointId).isEmpty()) {
            throw WebhookEndpointManagement.notFound(endpointId);
        }
        return deliveries.ofEndpoint(endpointId, startingAfter, limit);
    }
}
