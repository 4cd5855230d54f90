package dev.mercato.support;

import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import dev.mercato.notifications.Notifications;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.HeaderText;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The support inbox: users write to the platform's operators. Each message is stored and, when
 * {@code mercato.notifications.support-inbox} is set, emailed there in the same transaction, with
 * Reply-To the sender's address. Address and subject become email headers, so line breaks and
 * other control characters in them are refused before anything is stored.
 */
@Service
public class SupportInbox {

    static final int MAX_SUBJECT = 200;
    static final int MAX_BODY = 20_000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

    private final SupportMessages messages;
    private final Notifications notifications;
    private final UserManagement users;
    private final Clock clock;
    private final AuditLog audit;

    SupportInbox(SupportMessages messages, Notifications notifications, UserManagement users, Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.messages = messages;
        this.notifications = notifications;
        this.users = users;
        this.clock = clock;
    }

    /** Stores a message from {@code userId}; {@code email} (optional) is where to answer, else the user's own address. */
    @Transactional
    public SupportMessage send(String userId, String email, String subject, String body) {
        HeaderText.require(email, "email");
        HeaderText.require(subject, "subject");
        Limits.required(subject, "subject");
        Limits.atMost(subject, MAX_SUBJECT, "subject");
        Limits.required(body, "body");
        Limits.atMost(body, MAX_BODY, "body");
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw ApiException.invalid("invalid_email", "email is not a valid address");
        }
        String replyTo = email != null ? email : users.find(userId).map(User::email).orElse(null);
        String id = Ids.next("sup", clock);
        String text = "Support message " + id + " from user " + userId + (replyTo == null ? "" : " <" + replyTo + ">")
                + "\n\n" + body;
        Optional<String> mail = notifications.toSupportInbox("support_message:" + id, "[Support] " + subject.strip(), text,
                replyTo);
        SupportMessage message = new SupportMessage(id, userId, replyTo, subject.strip(), body, mail.orElse(null),
                clock.instant());
        messages.insert(message);
        audit.changed("support_message", id, null, Map.of("user_id", userId, "reply_to", String.valueOf(replyTo),
                "subject", message.subject(), "body_length", body.length(), "emailed", mail.isPresent()));
        return message;
    }

    /** Newest first, optionally of one user. */
    public List<SupportMessage> list(String userId, String startingAfter, int limit) {
        return messages.list(userId, startingAfter, limit);
    }
}
