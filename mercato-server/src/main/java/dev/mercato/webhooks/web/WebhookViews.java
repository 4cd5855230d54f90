package dev.mercato.webhooks.web;

import dev.mercato.webhooks.WebhookDelivery;
import dev.mercato.webhooks.WebhookEndpoint;
import dev.mercato.webhooks.WebhookEvent;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The JSON shapes of endpoints, events and deliveries. */
final class WebhookViews {

    private WebhookViews() {
    }

    /** {@code secret} is set only in the answer to a create or a rotation. */
    record EndpointView(String id, String object, String url, String description, List<String> enabledEvents,
            String status, String disabledReason, Instant disabledAt, String secret, Instant previousSecretExpiresAt,
            Instant createdAt, Instant updatedAt) {

        static EndpointView of(WebhookEndpoint e, String secret) {
            return new EndpointView(e.id(), "webhook_endpoint", e.url(), e.description(), e.enabledEvents(),
                    e.enabled() ? "enabled" : "disabled", e.disabledReason(), e.disabledAt(), secret,
                    e.previousSecretExpiresAt(), e.createdAt(), e.updatedAt());
        }
    }

    record Deleted(String id, String object, boolean deleted) {
    }

    record EventView(String id, String object, String type, Instant createdAt, JsonNode data) {

        static EventView of(WebhookEvent e, ObjectMapper json) {
            return new EventView(e.id(), "event", e.type(), e.createdAt(), json.readTree(e.data()));
        }
    }

    record AttemptView(int attempt, Instant attemptedAt, boolean succeeded, Integer statusCode, long latencyMs,
            String error, String responseBody) {

        static AttemptView of(WebhookDelivery.Attempt a) {
            return new AttemptView(a.attempt(), a.attemptedAt(), a.succeeded(), a.statusCode(), a.latencyMs(), a.error(),
                    a.responseBody());
        }
    }

    record DeliveryView(String id, String object, String eventId, String eventType, String endpointId, String origin,
            String status, int attempts, Instant nextAttemptAt, Instant createdAt, Instant completedAt,
            List<AttemptView> attemptLog) {

        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id(), "webhook_delivery", d.eventId(), d.eventType(), d.endpointId(), d.origin(),
                    d.status(), d.attempts(), d.nextAttemptAt(), d.createdAt(), d.completedAt(),
                    d.log().stream().map(AttemptView::of).toList());
        }
    }
}
