package dev.mercato.notifications.web;

import dev.mercato.notifications.MailQueries;
import dev.mercato.notifications.MailStatus;
import dev.mercato.notifications.OutboxMail;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators read the mail outbox: what was sent, what failed, and — without SMTP — every email kept. */
@RestController
class MailAdminController {

    private final MailQueries mail;

    MailAdminController(MailQueries mail) {
        this.mail = mail;
    }

    record MailSummary(String id, String object, String template, String category, String userId, String recipient,
            String subject, String status, String note, int attempts, Instant nextAttemptAt, Instant createdAt,
            Instant sentAt) {
        static MailSummary of(OutboxMail m) {
            return new MailSummary(m.id(), "email", m.template(), m.category().code(), m.userId(), m.recipient(),
                    m.subject(), m.status().code(), m.note(), m.attempts(), m.nextAttemptAt(), m.createdAt(), m.sentAt());
        }
    }

    record MailView(String id, String object, String template, String category, String userId, String recipient,
            String replyTo, String subject, String text, String html, String status, String note, int attempts,
            Instant nextAttemptAt, Instant createdAt, Instant sentAt) {
        static MailView of(OutboxMail m) {
            return new MailView(m.id(), "email", m.template(), m.category().code(), m.userId(), m.recipient(), m.replyTo(),
                    m.subject(), m.text(), m.html(), m.status().code(), m.note(), m.attempts(), m.nextAttemptAt(),
                    m.createdAt(), m.sentAt());
        }
    }

    @GetMapping("/v1/admin/mail")
    Page<MailSummary> list(Caller caller, @RequestParam(required = false) String recipient,
            @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(required = false) String template, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        int size = Page.limit(limit);
        return Page.fromOverfetch(mail.list(recipient, userId, template, status(status), startingAfter, size + 1), size)
                .map(MailSummary::of);
    }

    @GetMapping("/v1/admin/mail/{id}")
    MailView get(Caller caller, @PathVariable String id) {
        caller.requireAdmin();
        return mail.find(id).map(MailView::of).orElseThrow(() -> ApiException.notFound("email_not_found", "no email " + id));
    }

    private static MailStatus status(String code) {
        if (code == null) {
            return null;
        }
        try {
            return MailStatus.of(code);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_status", "status must be pending, sent, failed, kept or skipped");
        }
    }
}
