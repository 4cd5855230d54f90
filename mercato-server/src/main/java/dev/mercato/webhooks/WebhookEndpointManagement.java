package dev.mercato.webhooks;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Operators register, change, disable, enable and delete webhook endpoints, and rotate their secrets. */
@Service
public class WebhookEndpointManagement {

    static final String AUDITED = "webhook_endpoint";
    static final int MAX_DESCRIPTION = 500;
    static final Duration MAX_OVERLAP = Duration.ofDays(7);

    /** A change to an endpoint; null fields stay as they are. */
    public record Changes(String url, List<String> enabledEvents, String description, Boolean disabled) {
    }

    private final Endpoints endpoints;
    private final EndpointUrls urls;
    private final WebhooksProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AuditLog audit;

    WebhookEndpointManagement(Endpoints endpoints, EndpointUrls urls, WebhooksProperties properties,
            TransactionTemplate transactions, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.endpoints = endpoints;
        this.urls = urls;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Registers an endpoint; its secret is in the answer and never shown again. Bad input stores
     * nothing. The URL check resolves the host, so it runs before any database work.
     */
    public WebhookEndpoint.IssuedSecret create(String url, List<String> enabledEvents, String description) {
        urls.check(url);
        List<String> events = EventTypes.checked(enabledEvents);
        checkDescription(description);
        Instant now = clock.instant();
        String secret = Signatures.newSecret();
        WebhookEndpoint endpoint = new WebhookEndpoint(Ids.next("we", clock), url, description, events, true, null, null,
                null, now, now);
        transactions.executeWithoutResult(status -> {
            endpoints.insert(endpoint, secret);
            audit.changed(AUDITED, endpoint.id(), null, auditState(endpoint));
        });
        return new WebhookEndpoint.IssuedSecret(endpoint, secret);
    }

    public Optional<WebhookEndpoint> find(String id) {
        return Ids.hasPrefix(id, "we") ? endpoints.find(id) : Optional.empty();
    }

    /** Newest first, fetching {@code limit} rows. */
    public List<WebhookEndpoint> list(String startingAfter, int limit) {
        return endpoints.list(startingAfter, limit);
    }

    /**
     * Changes the URL, event types or description, and disables ({@code disabled: true}) or enables
     * an endpoint. Enabling clears its failure record; deliveries still pending then go out. The
     * URL is checked (a DNS lookup) before the transaction.
     */
    public WebhookEndpoint update(String id, Changes changes) {
        WebhookEndpoint current = require(id);
        String url = changes.url() == null ? current.url() : urls.check(changes.url()).toString();
        List<String> events = changes.enabledEvents() == null ? current.enabledEvents()
                : EventTypes.checked(changes.enabledEvents());
        String description = changes.description() == null ? current.description() : changes.description();
        checkDescription(description);
        return transactions.execute(status -> audited(id, () -> {
            Instant now = clock.instant();
            endpoints.update(id, url, description, events, now);
            if (Boolean.TRUE.equals(changes.disabled())) {
                endpoints.disable(id, "disabled by an operator", now);
            } else if (Boolean.FALSE.equals(changes.disabled())) {
                endpoints.enable(id, now);
            }
            return require(id);
        }));
    }

    /** Deletes the endpoint with its deliveries and their log; the events stay. */
    public void delete(String id) {
        transactions.executeWithoutResult(status -> audited(id, () -> {
            if (!Ids.hasPrefix(id, "we") || !endpoints.delete(id)) {
                throw notFound(id);
            }
            return null;
        }));
    }

    /**
     * Issues a new secret. The previous one keeps signing (a second {@code v1}) for {@code overlap}
     * — the configured default when null, at most 7 days, zero to stop it at once — so receivers
     * can switch without missing a delivery.
     */
    @Transactional
    public WebhookEndpoint.IssuedSecret rotateSecret(String id, Duration overlap) {
        require(id);
        Duration window = overlap == null ? properties.rotationOverlap() : overlap;
        if (window.isNegative() || window.compareTo(MAX_OVERLAP) > 0) {
            throw ApiException.invalid("invalid_overlap", "the overlap is between 0 and " + MAX_OVERLAP.toSeconds() + " seconds");
        }
        Instant now = clock.instant();
        String secret = Signatures.newSecret();
        return audited(id, () -> {
            endpoints.rotate(id, secret, window.isZero() ? null : now.plus(window), now);
            return new WebhookEndpoint.IssuedSecret(require(id), secret);
        });
    }

    /** Runs a change to endpoint {@code id} in the caller's transaction, recording the endpoint before and after. */
    private <T> T audited(String id, Supplier<T> change) {
        return audit.changing(AUDITED, id, () -> find(id).map(WebhookEndpointManagement::auditState).orElse(null), change);
    }

    /**
     * An endpoint as the audit trail keeps it. Its secret is not part of it; the end of a rotation's
     * overlap is named so that secret redaction (any field named like a secret) leaves it readable.
     */
    static Map<String, Object> auditState(WebhookEndpoint endpoint) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("url", endpoint.url());
        state.put("description", endpoint.description());
        state.put("enabled_events", endpoint.enabledEvents());
        state.put("enabled", endpoint.enabled());
        state.put("disabled_reason", endpoint.disabledReason());
        state.put("rotation_overlap_until", endpoint.previousSecretExpiresAt());
        return state;
    }

    private WebhookEndpoint require(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("webhook_endpoint_not_found", "no webhook endpoint " + id);
    }

    private static void checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.invalid("invalid_description", "description is at most " + MAX_DESCRIPTION + " characters");
        }
    }
}
