package dev.mercato.notifications;

/**
 * Where an email in the outbox stands: {@code pending} until the sender delivers it ({@code sent})
 * or gives up ({@code failed}); {@code kept} when no SMTP server is configured, to be read through
 * the API; {@code skipped} when it could not or must not be sent (no address, opted out).
 */
public enum MailStatus {
    PENDING, SENT, FAILED, KEPT, SKIPPED;

    public String code() {
        return name().toLowerCase();
    }

    public static MailStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
