package dev.mercato.billing.web;

import dev.mercato.billing.UsageIngestion;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Usage reported after the fact: one event or a batch, counted once per event id. */
@RestController
class UsageController {

    private final UsageIngestion ingestion;

    UsageController(UsageIngestion ingestion) {
        this.ingestion = ingestion;
    }

    record UsageBody(String id, String feature, Long quantity, Instant timestamp, List<UsageIngestion.UsageEvent> events) {
    }

    @PostMapping("/v1/usage")
    Map<String, Object> ingest(Caller caller, @RequestBody UsageBody body) {
        if (body == null) {
            throw ApiException.invalid("invalid_events", "send one event or {\"events\": [...]}");
        }
        List<UsageIngestion.UsageEvent> events;
        if (body.events() != null) {
            if (body.id() != null || body.feature() != null || body.quantity() != null || body.timestamp() != null) {
                throw ApiException.invalid("invalid_events", "send either one event or {\"events\": [...]}, not both");
            }
            events = body.events();
        } else {
            events = List.of(new UsageIngestion.UsageEvent(body.id(), body.feature(), body.quantity(), body.timestamp()));
        }
        UsageIngestion.Result result = ingestion.ingest(caller.userId(), events);
        return Map.of("object", "usage_ingestion", "received", result.received(), "accepted", result.accepted(),
                "duplicates", result.duplicates(), "refused", result.refused(), "not_counted", result.notCounted());
    }
}
