package dev.mercato.notifications;

import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import dev.mercato.notifications.internal.NotificationsProperties;
import dev.mercato.platform.HeaderText;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts emails in the mail outbox. Each call joins the caller's transaction (or runs in its own when
 * there is none), so an email exists exactly when its cause committed; the sender delivers it
 * afterwards. Every email is identified by a key (for example {@code endpoint-disabled:we_123}):
 * enqueuing the same key again — a redelivered event — adds nothing.
 */
@Service
public class Notifications {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private final MailOutbox outbox;
    private final EmailOptOuts optOuts;
    private final MailTemplates templates;
    private final UserManagement users;
    private final NotificationsProperties settings;
    private final Clock clock;

    Notifications(MailOutbox outbox, EmailOptOuts optOuts, MailTemplates templates, UserManagement users,
            NotificationsProperties settings, Clock clock) {
        this.outbox = outbox;
        this.optOuts = optOuts;
        this.templates = templates;
        this.users = users;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Emails the platform's operators: {@code mercato.notifications.operator-email}, or else the first
     * platform admin's address. Returns the email's id (skipped, and so noted, when there is no address).
     */
    @Transactional
    public String alertOperators(String key, String subject, String text) {
        String address = settings.operatorEmail().isEmpty()
                ? users.platformAdmin().map(User::email).orElse(null)
                : settings.operatorEmail();
        return enqueue(key, MailTemplate.OPERATOR_MESSAGE, null, address, null, operatorMessage(subject, text),
                address == null ? "no operator address: set mercato.notifications.operator-email" : null);
    }

    /**
     * Emails the support inbox ({@code mercato.notifications.support-inbox}) with Reply-To {@code replyTo}
     * (may be null); empty when no inbox is configured.
     */
    @Transactional
    public Optional<String> toSupportInbox(String key, String subject, String text, String replyTo) {
        if (settings.supportInbox().isEmpty()) {
            return Optional.empty();
        }
        HeaderText.require(replyTo, "reply_to");
        // An answer address the mail library cannot use only costs the Reply-To, not the message.
        String reply = NotificationsProperties.validAddress(replyTo) ? replyTo : null;
        return Optional.of(enqueue(key, MailTemplate.OPERATOR_MESSAGE, null, settings.supportInbox(), reply,
                operatorMessage(subject, text), null));
    }

    /**
     * Emails a user at the address identity holds for them. Nothing is sent — the email is recorded
     * as skipped, with the reason — when the user has no address or turned the category off.
     */
    @Transactional
    String toUser(String key, String userId, MailTemplate template, Map<String, Object> model) {
        Optional<User> user = users.find(userId);
        String address = user.map(User::email).orElse(null);
        String skipped = null;
        if (address == null) {
            skipped = "user " + userId + " has no email address";
        } else if (template.category().optional() && optOuts.optedOut(userId, template.category())) {
            skipped = "user opted out of " + template.category().code() + " email";
        }
        Map<String, Object> values = new HashMap<>(model);
        values.put("name", user.map(User::name).orElse("there"));
        return enqueue(key, template, userId, address, null, values, skipped);
    }

    private String enqueue(String key, MailTemplate template, String userId, String address, String replyTo,
            Map<String, Object> model, String skipped) {
        String reason = skipped;
        if (reason == null && !NotificationsProperties.validAddress(address)) {
            reason = "not a valid email address";
        }
        MailTemplates.Rendered mail = templates.render(template, model);
        Instant now = clock.instant();
        String id = outbox.insert(key, new OutboxMail(Ids.next("mail", clock), template.code(), template.category(), userId,
                address, replyTo, mail.subject(), mail.text(), mail.html(),
                reason == null ? MailStatus.PENDING : MailStatus.SKIPPED, reason, 0, now, now, null));
        if (reason != null) {
            log.info("Email {} ({}) not sent: {}", id, template.code(), reason);
        }
        return id;
    }

    private static Map<String, Object> operatorMessage(String subject, String text) {
        HeaderText.require(subject, "subject");
        return Map.of("subject", subject, "text", text);
    }
}
