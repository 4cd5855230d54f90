package dev.mercato.notifications;

import dev.mercato.notifications.internal.NotificationsProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox's due emails over SMTP, after the transactions that wrote them committed.
 * Emails are claimed with {@code FOR UPDATE SKIP LOCKED}, so several instances share the work and
 * none sends an email another is sending; a failed delivery is retried with a doubling delay and
 * marked failed after {@code max-attempts}. Without an SMTP server the emails are kept for operators.
 */
@Component
public class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    private static final int BATCH = 50;
    /** Longer than a batch can take with SMTP timeouts of 10 s, so a live sender never loses its claim. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final MailOutbox outbox;
    private final ObjectProvider<JavaMailSender> smtp;
    private final NotificationsProperties settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicLong queueDepth = new AtomicLong();

    MailDelivery(MailOutbox outbox, ObjectProvider<JavaMailSender> smtp, NotificationsProperties settings, Clock clock,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.smtp = smtp;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        for (String outcome : new String[] {"sent", "failed", "kept"}) {
            Counter.builder("emails").tag("outcome", outcome).description("emails by delivery outcome").register(meters);
        }
        Gauge.builder("queue.depth", queueDepth, AtomicLong::get).tag("queue", "mail")
                .description("emails waiting in the mail outbox").register(meters);
    }

    /** Delivers (or, without SMTP, keeps) every email that is due; returns how many were handled. */
    public int sendDue() {
        JavaMailSender sender = smtp.getIfAvailable();
        int handled = 0;
        if (sender == null) {
            handled = outbox.keepPending(clock.instant());
            count("kept", handled);
        } else {
            List<OutboxMail> batch;
            do {
                Instant now = clock.instant();
                batch = outbox.claimDue(now, now.plus(LEASE), BATCH);
                if (!batch.isEmpty()) {
                    deliver(sender, batch);
                }
                handled += batch.size();
            } while (batch.size() == BATCH);
        }
        queueDepth.set(outbox.pending());
        return handled;
    }

    /** Sends a batch over one SMTP connection; each email that failed is retried or given up on its own. */
    private void deliver(JavaMailSender sender, List<OutboxMail> batch) {
        Map<MimeMessage, OutboxMail> messages = new IdentityHashMap<>();
        for (OutboxMail mail : batch) {
            try {
                messages.put(message(sender, mail), mail);
            } catch (MessagingException | UnsupportedEncodingException e) {
                giveUp(mail, "could not be prepared: " + e.getMessage());
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        Map<Object, Exception> failures = Map.of();
        try {
            sender.send(messages.keySet().toArray(MimeMessage[]::new));
        } catch (MailSendException e) {
            failures = e.getFailedMessages().isEmpty() ? allFailed(messages, e) : e.getFailedMessages();
        } catch (MailException e) {
            failures = allFailed(messages, e);
        }
        Instant now = clock.instant();
        for (Map.Entry<MimeMessage, OutboxMail> entry : messages.entrySet()) {
            Exception failure = failures.get(entry.getKey());
            if (failure == null) {
                outbox.sent(entry.getValue().id(), now);
                count("sent", 1);
            } else {
                retryOrGiveUp(entry.getValue(), failure);
            }
        }
    }

    private MimeMessage message(JavaMailSender sender, OutboxMail mail) throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED, "UTF-8");
        helper.setFrom(new InternetAddress(settings.from(), settings.platformName(), "UTF-8"));
        helper.setTo(new InternetAddress(mail.recipient(), true));
        if (mail.replyTo() != null) {
            helper.setReplyTo(new InternetAddress(mail.replyTo(), true));
        }
        helper.setSubject(mail.subject());
        helper.setText(mail.text(), mail.html());
        message.setHeader("X-Mercato-Mail-Id", mail.id());
        return message;
    }

    private void retryOrGiveUp(OutboxMail mail, Exception failure) {
        String error = describe(failure);
        int attempts = mail.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            giveUp(mail, error);
            return;
        }
        Duration wait = settings.retryDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
        Instant next = clock.instant().plus(wait.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : wait);
        log.warn("Email {} to {} not delivered (attempt {}), retrying at {}: {}", mail.id(), mail.recipient(), attempts,
                next, error);
        outbox.retryAt(mail.id(), next, error, clock.instant());
    }

    private void giveUp(OutboxMail mail, String error) {
        log.error("Email {} to {} failed for good: {}", mail.id(), mail.recipient(), error);
        outbox.failed(mail.id(), error, clock.instant());
        count("failed", 1);
    }

    private static Map<Object, Exception> allFailed(Map<MimeMessage, OutboxMail> messages, Exception e) {
        Map<Object, Exception> all = new IdentityHashMap<>();
        messages.keySet().forEach(m -> all.put(m, e));
        return all;
    }

    /** The innermost message, which names the real problem (connection refused, 550 mailbox unavailable). */
    private static String describe(Exception failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                messages.add(t.getMessage());
            }
        }
        String message = messages.isEmpty() ? failure.getClass().getSimpleName() : messages.getLast();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    private void count(String outcome, int n) {
        if (n > 0) {
            meters.counter("emails", "outcome", outcome).increment(n);
        }
    }
}
