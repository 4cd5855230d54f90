package dev.mercato.notifications.internal;

import dev.mercato.platform.HeaderText;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.notifications.*}. SMTP itself is Spring Mail's {@code spring.mail.*}
 * (or {@code MERCATO_SMTP_URL}); without it, email is kept in the outbox.
 *
 * @param platformName  shown as the sender's name and in every email's header
 * @param brandColor    the emails' accent colour, {@code #rgb} or {@code #rrggbb}
 * @param from          the sender address
 * @param supportInbox  where support messages are emailed; empty keeps them in the API only
 * @param operatorEmail where operator alerts go; empty means the first platform admin's email
 * @param sendInterval  how often the sender delivers due email
 * @param retryDelay    the wait after a first failed delivery; it doubles with each failure
 * @param maxRetryDelay the longest wait between two deliveries
 * @param maxAttempts   deliveries tried before an email is marked failed
 * @param keepFor       how long sent, kept, skipped and failed email stays readable in the outbox
 */
@ConfigurationProperties("mercato.notifications")
public record NotificationsProperties(@DefaultValue("Mercato") String platformName,
        @DefaultValue("#4f46e5") String brandColor, @DefaultValue("no-reply@mercato.localhost") String from,
        @DefaultValue("") String supportInbox, @DefaultValue("") String operatorEmail,
        @DefaultValue("PT5S") Duration sendInterval, @DefaultValue("PT30S") Duration retryDelay,
        @DefaultValue("PT1H") Duration maxRetryDelay, @DefaultValue("10") int maxAttempts,
        @DefaultValue("P90D") Duration keepFor) {

    // The colour lands in a style attribute: only a plain hex colour may, nothing that could close it.
    private static final Pattern HEX_COLOR = Pattern.compile("#(\\p{XDigit}{3}|\\p{XDigit}{6})");

    public NotificationsProperties {
        if (platformName == null || platformName.isBlank() || platformName.length() > 100 || !HeaderText.isSafe(platformName)) {
            throw new IllegalArgumentException("mercato.notifications.platform-name must be 1 to 100 characters on one line");
        }
        if (brandColor == null || !HEX_COLOR.matcher(brandColor).matches()) {
            throw new IllegalArgumentException("mercato.notifications.brand-color must be a hex colour such as #4f46e5");
        }
        requireAddress("from", from);
        supportInbox = supportInbox == null ? "" : supportInbox.trim();
        operatorEmail = operatorEmail == null ? "" : operatorEmail.trim();
        if (!supportInbox.isEmpty()) {
            requireAddress("support-inbox", supportInbox);
        }
        if (!operatorEmail.isEmpty()) {
            requireAddress("operator-email", operatorEmail);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("mercato.notifications.max-attempts must be at least 1");
        }
    }

    /** True when {@code address} is one plain, syntactically valid address that is safe in a header. */
    public static boolean validAddress(String address) {
        if (address == null || address.length() > 254 || !HeaderText.isSafe(address)) {
            return false;
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            return parsed.getPersonal() == null && parsed.getAddress().equals(address) && !parsed.isGroup();
        } catch (AddressException e) {
            return false;
        }
    }

    private static void requireAddress(String setting, String address) {
        if (!validAddress(address)) {
            throw new IllegalArgumentException("mercato.notifications." + setting + " must be one plain email address");
        }
    }
}
