package dev.mercato.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * An operator's receiver of webhook events. Its signing secret is not part of it: it is shown
 * once, when created or rotated ({@link IssuedSecret}).
 *
 * @param enabledEvents           event types delivered to it, or {@code ["*"]} for all
 * @param previousSecretExpiresAt while a rotation overlaps, until when the previous secret also signs
 */
public record WebhookEndpoint(String id, String url, String description, List<String> enabledEvents, boolean enabled,
        String disabledReason, Instant disabledAt, Instant previousSecretExpiresAt, Instant createdAt,
        Instant updatedAt) {

    /** An endpoint together with its new signing secret, the one time it is shown. */
    public record IssuedSecret(WebhookEndpoint endpoint, String secret) {
    }
}
