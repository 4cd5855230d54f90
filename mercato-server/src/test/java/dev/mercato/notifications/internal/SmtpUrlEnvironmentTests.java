package dev.mercato.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** MERCATO_SMTP_URL as hosting providers and relays hand it out, in Spring Mail's settings. */
class SmtpUrlEnvironmentTests {

    @Test
    void aSubmissionUrlWithCredentialsBecomesHostPortLoginAndStartTls() {
        assertThat(SmtpUrlEnvironment.toSpring("smtp://apikey:s%3Acret+1@smtp.relay.example:587"))
                .containsEntry("spring.mail.host", "smtp.relay.example")
                .containsEntry("spring.mail.port", "587")
                .containsEntry("spring.mail.protocol", "smtp")
                .containsEntry("spring.mail.username", "apikey")
                .containsEntry("spring.mail.password", "s:cret+1")
                .containsEntry("spring.mail.properties.mail.smtp.auth", "true")
                .containsEntry("spring.mail.properties.mail.smtp.starttls.enable", "true");
    }

    @Test
    void smtpsDefaultsToPort465AndALocalRelayNeedsNoLogin() {
        assertThat(SmtpUrlEnvironment.toSpring("smtps://mail.example")).containsEntry("spring.mail.port", "465")
                .containsEntry("spring.mail.protocol", "smtps").doesNotContainKey("spring.mail.username");
        assertThat(SmtpUrlEnvironment.toSpring("smtp://127.0.0.1")).containsEntry("spring.mail.port", "25")
                .doesNotContainKey("spring.mail.properties.mail.smtp.auth");
    }

    @Test
    void anythingElseIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> SmtpUrlEnvironment.toSpring("http://mail.example")).hasMessageContaining("smtp://");
        assertThatThrownBy(() -> SmtpUrlEnvironment.toSpring("smtp:///nohost")).hasMessageContaining("no host");
    }
}
