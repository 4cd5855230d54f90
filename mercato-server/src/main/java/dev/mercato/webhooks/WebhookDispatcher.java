package dev.mercato.webhooks;

import dev.mercato.platform.ApiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends due deliveries. A dispatcher claims a batch in a short transaction ({@code FOR UPDATE SKIP
 * LOCKED}, so instances and threads never claim the same attempt), sends them in parallel with no
 * transaction open, then records each outcome in a transaction of its own: the attempt's log row,
 * the delivery's next attempt ({@link RetrySchedule}) or its end, and the endpoint's health. An
 * endpoint that has failed without a single success for {@code disable-after} is disabled and
 * {@link WebhookEndpointDisabled} published with that change.
 */
@Service
public class WebhookDispatcher {

    static final String EVENT_ID_HEADER = "Mercato-Event-Id";
    static final int MAX_RESPONSE_EXCERPT = 1024;

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final Deliveries deliveries;
    private final Endpoints endpoints;
    private final Events events;
    private final EndpointUrls urls;
    private final WebhooksProperties properties;
    private final RetrySchedule schedule;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher publisher;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;

    WebhookDispatcher(Deliveries deliveries, Endpoints endpoints, Events events, EndpointUrls urls,
            WebhooksProperties properties, TransactionTemplate transactions, ApplicationEventPublisher publisher,
            MeterRegistry meters, ObjectMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.events = events;
        this.urls = urls;
        this.properties = properties;
        this.schedule = new RetrySchedule(properties.retryWindow());
        this.transactions = transactions;
        this.publisher = publisher;
        this.meters = meters;
        this.json = json;
        this.clock = clock;
        // Redirects are not followed: a receiver could otherwise point Mercato at any address.
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        Gauge.builder("queue.depth", () -> deliveries.countDue(clock.instant())).tag("queue", "webhooks")
                .description("webhook deliveries due now").register(meters);
    }

    /** The recurring work: sends every delivery that is due now; returns how many attempts were made. */
    public int dispatchDue() {
        int attempted = 0;
        List<Deliveries.Claim> claimed;
        do {
            Instant now = clock.instant();
            claimed = transactions.execute(status -> deliveries.claimDue(now, now.plus(properties.lease()),
                    properties.batchSize()));
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Deliveries.Claim claim : claimed) {
                    senders.submit(() -> attempt(claim));
                }
            }
            attempted += claimed.size();
        } while (claimed.size() == properties.batchSize());
        return attempted;
    }

    private void attempt(Deliveries.Claim claim) {
        try {
            Instant at = clock.instant();
            Optional<WebhookEvent> event = events.find(claim.eventId());
            Optional<Endpoints.Target> target = endpoints.target(claim.endpointId(), at);
            if (event.isEmpty() || target.isEmpty()) {
                return; // the endpoint was deleted after the claim, taking the delivery with it
            }
            WebhookDelivery.Attempt result = send(claim.attempt(), event.get(), target.get(), at);
            transactions.executeWithoutResult(status -> conclude(claim, result));
        } catch (RuntimeException e) {
            // The claim's lease runs out and the delivery is attempted again.
            log.error("webhook delivery {} attempt {} could not be recorded", claim.id(), claim.attempt(), e);
        }
    }

    private WebhookDelivery.Attempt send(int attempt, WebhookEvent event, Endpoints.Target target, Instant at) {
        URI uri = URI.create(target.url());
        Optional<ApiException> refused = urls.refusal(uri);
        if (refused.isPresent()) {
            return new WebhookDelivery.Attempt(attempt, at, false, null, 0, "not sent: " + refused.get().getMessage(), null);
        }
        byte[] body = body(event);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Mercato-Webhooks/1")
                .header(Signatures.HEADER, Signatures.header(at.getEpochSecond(), body, target.secrets()))
                .header(EVENT_ID_HEADER, event.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String excerpt;
            try (InputStream in = response.body()) {
                excerpt = new String(in.readNBytes(MAX_RESPONSE_EXCERPT), StandardCharsets.UTF_8);
            }
            boolean ok = response.statusCode() / 100 == 2;
            return new WebhookDelivery.Attempt(attempt, at, ok, response.statusCode(), millisSince(started),
                    ok ? null : "the receiver answered " + response.statusCode(), excerpt.isEmpty() ? null : excerpt);
        } catch (IOException | RuntimeException e) {
            // RuntimeException: the JDK client refuses some requests outright (an unusual host name, a
            // bad header); that is the receiver's URL failing, recorded like any other failure.
            return new WebhookDelivery.Attempt(attempt, at, false, null, millisSince(started), describe(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDelivery.Attempt(attempt, at, false, null, millisSince(started), "interrupted", null);
        }
    }

    private void conclude(Deliveries.Claim claim, WebhookDelivery.Attempt result) {
        if (!deliveries.log(claim, result)) {
            return;
        }
        Instant now = clock.instant();
        if (result.succeeded()) {
            deliveries.conclude(claim, "succeeded", null, now);
            endpoints.succeeded(claim.endpointId());
            count("succeeded");
            return;
        }
        Optional<Instant> next = schedule.next(claim.attempt(), claim.createdAt(), now);
        deliveries.conclude(claim, next.isPresent() ? "pending" : "failed", next.orElse(null), now);
        count(next.isPresent() ? "retrying" : "gave_up");
        endpoints.failed(claim.endpointId(), result.attemptedAt())
                .filter(f -> f.enabled() && !f.failingSince().isAfter(now.minus(properties.disableAfter())))
                .ifPresent(f -> disable(claim.endpointId(), f.failingSince(), now));
    }

    private void disable(String endpointId, Instant failingSince, Instant now) {
        String reason = "every delivery attempt since " + failingSince + " failed (for longer than "
                + properties.disableAfter() + ")";
        if (endpoints.disable(endpointId, reason, now)) {
            String url = endpoints.find(endpointId).map(WebhookEndpoint::url).orElse(null);
            log.warn("webhook endpoint {} ({}) disabled: {}", endpointId, url, reason);
            publisher.publishEvent(new WebhookEndpointDisabled(endpointId, url, reason, failingSince, now));
        }
    }

    private byte[] body(WebhookEvent event) {
        ObjectNode body = json.createObjectNode();
        body.put("id", event.id());
        body.put("type", event.type());
        body.put("created_at", event.createdAt().toString());
        body.set("data", json.readTree(event.data()));
        return json.writeValueAsBytes(body);
    }

    private void count(String outcome) {
        meters.counter("webhook.deliveries", "outcome", outcome).increment();
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
