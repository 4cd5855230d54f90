package dev.mercato.notifications;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** What operators read of the mail outbox: every email with its status, and its full text and HTML. */
@Service
public class MailQueries {

    private final MailOutbox outbox;

    MailQueries(MailOutbox outbox) {
        this.outbox = outbox;
    }

    /** Newest first; each filter may be null. */
    public List<OutboxMail> list(String recipient, String userId, String template, MailStatus status, String startingAfter,
            int limit) {
        return outbox.list(recipient, userId, template, status == null ? null : status.code(), startingAfter, limit);
    }

    public Optional<OutboxMail> find(String id) {
        return outbox.find(id);
    }
}
