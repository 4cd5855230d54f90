package dev.mercato.notifications;

import java.time.Instant;

/**
 * One email in the mail outbox, rendered and ready to send.
 *
 * @param recipient the address it goes to, or null when its user has none
 * @param note      why it was skipped, or the last delivery error
 */
public record OutboxMail(String id, String template, EmailCategory category, String userId, String recipient,
        String replyTo, String subject, String text, String html, MailStatus status, String note, int attempts,
        Instant nextAttemptAt, Instant createdAt, Instant sentAt) {
}
