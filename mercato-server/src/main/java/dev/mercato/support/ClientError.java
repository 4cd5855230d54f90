package dev.mercato.support;

import java.time.Instant;

/**
 * An error a client application (a browser, a mobile app) reported about itself.
 *
 * @param context free-form JSON object the client attached (state, feature flags, …), as JSON text
 */
public record ClientError(String id, String userId, String message, String stack, String url, String userAgent,
        String release, String context, Instant createdAt) {
}
