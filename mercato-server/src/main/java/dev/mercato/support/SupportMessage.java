package dev.mercato.support;

import java.time.Instant;

/**
 * A message to the platform's support inbox.
 *
 * @param email  where to answer: the address the sender gave, or its account's; null when neither exists
 * @param mailId the email that carried it to the support inbox, when one is configured
 */
public record SupportMessage(String id, String userId, String email, String subject, String body, String mailId,
        Instant createdAt) {
}
