package dev.mercato.webhooks;

import java.time.Instant;

/**
 * An event as receivers get it: {@code {"id","type","created_at","data"}}.
 *
 * @param data the event's JSON object, as delivered
 */
public record WebhookEvent(String id, String type, String data, Instant createdAt) {
}
