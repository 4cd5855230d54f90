package dev.mercato.webhooks.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.webhooks.WebhookEndpoint;
import dev.mercato.webhooks.WebhookEndpointManagement;
import dev.mercato.webhooks.WebhookEventLog;
import dev.mercato.webhooks.web.WebhookViews.Deleted;
import dev.mercato.webhooks.web.WebhookViews.DeliveryView;
import dev.mercato.webhooks.web.WebhookViews.EndpointView;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators manage the endpoints Mercato sends events to, and read their delivery logs. */
@RestController
class WebhookEndpointController {

    private final WebhookEndpointManagement endpoints;
    private final WebhookEventLog log;

    WebhookEndpointController(WebhookEndpointManagement endpoints, WebhookEventLog log) {
        this.endpoints = endpoints;
        this.log = log;
    }

    record CreateBody(String url, List<String> enabledEvents, String description) {
    }

    record UpdateBody(String url, List<String> enabledEvents, String description, Boolean disabled) {
    }

    record RotateBody(Long overlapSeconds) {
    }

    @PostMapping("/v1/webhook-endpoints")
    @ResponseStatus(HttpStatus.CREATED)
    EndpointView create(Caller caller, @RequestBody CreateBody body) {
        caller.requireAdmin();
        WebhookEndpoint.IssuedSecret created = endpoints.create(body.url(), body.enabledEvents(), body.description());
        return EndpointView.of(created.endpoint(), created.secret());
    }

    @GetMapping("/v1/webhook-endpoints")
    Page<EndpointView> list(Caller caller, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        int size = Page.limit(limit);
        return Page.fromOverfetch(endpoints.list(startingAfter, size + 1), size).map(e -> EndpointView.of(e, null));
    }

    @GetMapping("/v1/webhook-endpoints/{id}")
    EndpointView get(Caller caller, @PathVariable String id) {
        caller.requireAdmin();
        return endpoints.find(id).map(e -> EndpointView.of(e, null))
                .orElseThrow(() -> ApiException.notFound("webhook_endpoint_not_found", "no webhook endpoint " + id));
    }

    /** Changes url, enabled_events or description; {@code "disabled": true|false} disables or enables it. */
    @PatchMapping("/v1/webhook-endpoints/{id}")
    EndpointView update(Caller caller, @PathVariable String id, @RequestBody UpdateBody body) {
        caller.requireAdmin();
        return EndpointView.of(endpoints.update(id, new WebhookEndpointManagement.Changes(body.url(),
                body.enabledEvents(), body.description(), body.disabled())), null);
    }

    @DeleteMapping("/v1/webhook-endpoints/{id}")
    Deleted delete(Caller caller, @PathVariable String id) {
        caller.requireAdmin();
        endpoints.delete(id);
        return new Deleted(id, "webhook_endpoint", true);
    }

    /** A new secret, shown once; the old one keeps signing for {@code overlap_seconds} (default 24 h). */
    @PostMapping("/v1/webhook-endpoints/{id}/rotate-secret")
    EndpointView rotate(Caller caller, @PathVariable String id, @RequestBody(required = false) RotateBody body) {
        caller.requireAdmin();
        Duration overlap = body == null || body.overlapSeconds() == null ? null : Duration.ofSeconds(body.overlapSeconds());
        WebhookEndpoint.IssuedSecret rotated = endpoints.rotateSecret(id, overlap);
        return EndpointView.of(rotated.endpoint(), rotated.secret());
    }

    @GetMapping("/v1/webhook-endpoints/{id}/deliveries")
    Page<DeliveryView> deliveries(Caller caller, @PathVariable String id, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        int size = Page.limit(limit);
        return Page.fromOverfetch(log.deliveries(id, startingAfter, size + 1), size).map(DeliveryView::of);
    }
}
