package dev.mercato.webhooks;

import java.time.Instant;

/**
 * Mercato disabled an endpoint because its deliveries kept failing; operators are told so they can
 * fix the receiver and enable it again. Published in the transaction that disables it.
 *
 * @param failingSince the first failed attempt after the endpoint's last successful delivery
 */
public record WebhookEndpointDisabled(String endpointId, String url, String reason, Instant failingSince,
        Instant disabledAt) {
}
