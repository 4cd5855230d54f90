package dev.mercato.webhooks.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.webhooks.WebhookEventLog;
import dev.mercato.webhooks.web.WebhookViews.DeliveryView;
import dev.mercato.webhooks.web.WebhookViews.EventView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/** Operators read the events Mercato emitted and replay one to an endpoint. */
@RestController
class EventController {

    private final WebhookEventLog log;
    private final ObjectMapper json;

    EventController(WebhookEventLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    record ReplayBody(String endpointId) {
    }

    @GetMapping("/v1/events")
    Page<EventView> list(Caller caller, @RequestParam(required = false) String type,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        int size = Page.limit(limit);
        return Page.fromOverfetch(log.list(type, startingAfter, size + 1), size).map(e -> EventView.of(e, json));
    }

    @GetMapping("/v1/events/{id}")
    EventView get(Caller caller, @PathVariable String id) {
        caller.requireAdmin();
        return log.find(id).map(e -> EventView.of(e, json))
                .orElseThrow(() -> ApiException.notFound("event_not_found", "no event " + id));
    }

    /** Sends the event again to one endpoint, as a new delivery: {@code {"endpoint_id": "we_…"}}. */
    @PostMapping("/v1/events/{id}/replay")
    @ResponseStatus(HttpStatus.CREATED)
    DeliveryView replay(Caller caller, @PathVariable String id, @RequestBody ReplayBody body) {
        caller.requireAdmin();
        return DeliveryView.of(log.replay(id, body.endpointId()));
    }
}
