package dev.mercato.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/** Endpoints over the API for webhook tests, deleted again after each test so later tests' events do not pile up for them. */
final class WebhookTesting {

    private final Api.Client admin;
    private final WebhookDispatcher dispatcher;
    private final List<String> created = new ArrayList<>();

    WebhookTesting(Api.Client admin, WebhookDispatcher dispatcher) {
        this.admin = admin;
        this.dispatcher = dispatcher;
    }

    /** Registers an endpoint; returns the answer, which holds the secret. */
    Api.Response endpoint(String url, List<String> events) {
        Api.Response made = admin.post("/v1/webhook-endpoints", Map.of("url", url, "enabled_events", events,
                "description", "test receiver"));
        assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
        created.add(made.id());
        return made;
    }

    JsonNode deliveries(String endpointId) {
        Api.Response list = admin.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=100");
        assertThat(list.status()).as(list.body().toString()).isEqualTo(200);
        return list.body().path("data");
    }

    /** The endpoint's delivery of the event (the first one listed, if it was replayed). */
    JsonNode delivery(String endpointId, String eventId) {
        for (JsonNode d : deliveries(endpointId)) {
            if (d.path("event_id").asString().equals(eventId)) {
                return d;
            }
        }
        throw new AssertionError("no delivery of " + eventId + " to " + endpointId);
    }

    /** Runs the dispatcher (as the scheduler would) until the condition holds; false after ten seconds. */
    boolean dispatchUntil(BooleanSupplier condition) {
        return Eventually.holds(() -> {
            dispatcher.dispatchDue();
            return condition.getAsBoolean();
        });
    }

    void deleteEndpoints() {
        created.forEach(id -> admin.delete("/v1/webhook-endpoints/" + id));
        created.clear();
    }
}
