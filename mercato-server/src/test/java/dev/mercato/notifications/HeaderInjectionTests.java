package dev.mercato.notifications;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.HeaderText;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Text that becomes an email header — a user's address and name, a support message's address and
 * subject — is refused with a clear error when it carries a line break or another control
 * character, and nothing is stored.
 */
class HeaderInjectionTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aUserEmailOrNameWithALineBreakIsRefusedAndNoUserIsCreated() {
        String local = "victim-" + UUID.randomUUID();
        for (String email : new String[] {local + "@example.com\r\nBcc: all@example.com", local + "@example.com\nX: y",
                local + "@exa\u0000mple.com", local + "@example.com\u2028"}) {
            Api.Response refused = admin().post("/v1/users", Map.of("email", email, "name", "Mallory"));
            assertProblem(refused, 400, HeaderText.CODE);
            assertThat(refused.text("param")).isEqualTo("email");
        }
        Api.Response badName = admin().post("/v1/users", Map.of("email", local + "@example.com", "name", "Mal\r\nBcc: x@y.z"));
        assertProblem(badName, 400, HeaderText.CODE);
        assertThat(badName.text("param")).isEqualTo("name");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE email LIKE ?", Long.class, local + "%")).isZero();
        assertThat(admin().post("/v1/users", Map.of("email", local + "@example.com", "name", "Mallory")).status())
                .as("the same address without the injection is fine").isEqualTo(201);
    }

    @Test
    void aSupportMessageWithALineBreakInItsSubjectOrAddressIsRefusedAndNothingIsStored() {
        Api.Client user = api.as(new HttpFixtures(api, admin()).keyFor(
                admin().post("/v1/users", Map.of("name", "Writer")).id()));
        String userId = user.get("/v1/users/me").id();

        Api.Response subject = user.post("/v1/support/messages",
                Map.of("subject", "Help\r\nBcc: everyone@example.com", "body", "hi"));
        assertProblem(subject, 400, HeaderText.CODE);
        assertThat(subject.text("param")).isEqualTo("subject");
        Api.Response email = user.post("/v1/support/messages",
                Map.of("email", "me@example.com\nBcc: everyone@example.com", "subject", "Help", "body", "hi"));
        assertProblem(email, 400, HeaderText.CODE);
        assertThat(email.text("param")).isEqualTo("email");
        assertProblem(user.post("/v1/support/messages", Map.of("email", "not an address", "subject", "Help", "body", "hi")),
                400, "invalid_email");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM support_messages WHERE user_id = ?", Long.class, userId)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM mail_outbox WHERE text_body LIKE ?", Long.class,
                "%" + userId + "%")).isZero();
        assertThat(user.post("/v1/support/messages", Map.of("subject", "Help", "body", "multi\nline\r\nbodies are fine"))
                .status()).isEqualTo(201);
    }
}
