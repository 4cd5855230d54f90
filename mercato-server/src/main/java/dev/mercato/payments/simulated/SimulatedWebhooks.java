package dev.mercato.payments.simulated;

import dev.mercato.payments.PaymentException;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventType;
import dev.mercato.payments.internal.PaymentsProperties;
import dev.mercato.platform.Ids;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes, signs and delivers the simulated processor's webhooks to Mercato's own
 * {@code POST /v1/processor-webhooks/simulated}, and reads them back there.
 */
@Component
class SimulatedWebhooks {

    private static final Logger log = LoggerFactory.getLogger(SimulatedWebhooks.class);

    /** What became of one delivery: the event and the HTTP status the receiver answered, if any. */
    record Delivery(ProcessorEvent event, boolean delivered, int status, String error) {
    }

    private final PaymentsProperties properties;
    private final SimulatedUrls urls;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SimulatedWebhooks(PaymentsProperties properties, SimulatedUrls urls, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.urls = urls;
        this.json = json;
        this.clock = clock;
    }

    Delivery emit(ProcessorEventType type, String objectId, String paymentId, String accountId, long amount, long fee,
            String currency, String failureCode) {
        Instant now = clock.instant();
        ProcessorEvent event = new ProcessorEvent(Ids.next("sim_evt", clock), type, type.code(), objectId, paymentId,
                accountId, amount, fee, currency, failureCode, Instant.ofEpochSecond(now.getEpochSecond()));
        byte[] body = body(event);
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.webhook()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(SimulatedSignature.HEADER,
                        SimulatedSignature.header(properties.simulated().webhookSecret(), now.getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean delivered = response.statusCode() / 100 == 2;
            if (!delivered) {
                log.warn("simulated webhook {} ({}) was refused with {}: {}", event.id(), type.code(),
                        response.statusCode(), response.body());
            }
            return new Delivery(event, delivered, response.statusCode(), delivered ? null : response.body());
        } catch (IOException e) {
            log.warn("simulated webhook {} ({}) could not be delivered to {}", event.id(), type.code(), urls.webhook(), e);
            return new Delivery(event, false, 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(event, false, 0, "interrupted");
        }
    }

    /** The wire form: {@code {"id","object":"event","type","created","data":{…}}}. */
    byte[] body(ProcessorEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object_id", event.objectId());
        data.put("payment_id", event.paymentId());
        data.put("account_id", event.accountId());
        data.put("amount", event.amount());
        data.put("fee", event.fee());
        data.put("currency", event.currency());
        data.put("failure_code", event.failureCode());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id());
        body.put("object", "event");
        body.put("type", event.sourceType());
        body.put("created", event.createdAt().getEpochSecond());
        body.put("data", data);
        return json.writeValueAsBytes(body);
    }

    ProcessorEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw malformed("the webhook body is not JSON");
        }
        String id = root.path("id").asString(null);
        String type = root.path("type").asString(null);
        JsonNode data = root.path("data");
        if (id == null || type == null || !root.path("created").isIntegralNumber() || !data.isObject()) {
            throw malformed("the webhook needs id, type, created and data");
        }
        ProcessorEventType known;
        try {
            known = ProcessorEventType.of(type);
        } catch (IllegalArgumentException e) {
            known = ProcessorEventType.OTHER;
        }
        return new ProcessorEvent(id, known, type, text(data, "object_id"), text(data, "payment_id"),
                text(data, "account_id"), data.path("amount").asLong(0), data.path("fee").asLong(0),
                currency(text(data, "currency")), text(data, "failure_code"),
                Instant.ofEpochSecond(root.path("created").asLong()));
    }

    private static String currency(String code) {
        return code == null ? null : code.toUpperCase();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static PaymentException malformed(String message) {
        return PaymentException.invalid("malformed_webhook", message);
    }
}
