package dev.mercato.platform.outbox;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditExempt;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Operators see event publications whose listener has not completed, and resubmit them. */
@RestController
class OutboxController {

    private static final Set<String> STATUSES = Set.of("published", "processing", "failed", "resubmitted");

    private final EventPublications publications;
    private final OutboxRetry retry;
    private final ObjectMapper json;

    OutboxController(EventPublications publications, OutboxRetry retry, ObjectMapper json) {
        this.publications = publications;
        this.retry = retry;
        this.json = json;
    }

    record PublicationView(UUID id, String object, String listenerId, String eventType, JsonNode event,
            Instant publishedAt, String status, int completionAttempts, Instant lastResubmittedAt) {
    }

    record ResubmitBody(List<UUID> ids) {
    }

    record Resubmission(String object, int resubmitted) {
    }

    @GetMapping("/v1/admin/event-publications")
    Page<PublicationView> incomplete(Caller caller, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("invalid_status", "status is one of published, processing, failed, resubmitted");
        }
        int size = Page.limit(limit);
        return Page.fromOverfetch(publications.incomplete(status == null ? null : status.toUpperCase(Locale.ROOT),
                uuid(startingAfter), size + 1), size).map(this::view);
    }

    /**
     * Runs the listeners of the given publications again now ({@code {"ids": […]}}), or of every
     * failed one when no ids are given.
     */
    @AuditExempt("a command: it runs stored listeners again; each listener's effects are its module's own records")
    @PostMapping("/v1/admin/event-publications/resubmit")
    Resubmission resubmit(Caller caller, @RequestBody(required = false) ResubmitBody body) {
        caller.requireAdmin();
        int count = body == null || body.ids() == null ? retry.resubmitFailed() : retry.resubmit(new HashSet<>(body.ids()));
        return new Resubmission("event_publication_resubmission", count);
    }

    private PublicationView view(EventPublications.Publication p) {
        return new PublicationView(p.id(), "event_publication", p.listenerId(), p.eventType(), parse(p.serializedEvent()),
                p.publishedAt(), p.status() == null ? null : p.status().toLowerCase(Locale.ROOT), p.completionAttempts(),
                p.lastResubmittedAt());
    }

    private JsonNode parse(String serialized) {
        try {
            return json.readTree(serialized);
        } catch (JacksonException e) {
            return json.getNodeFactory().stringNode(serialized);
        }
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_parameter", "starting_after is the id of an event publication");
        }
    }
}
