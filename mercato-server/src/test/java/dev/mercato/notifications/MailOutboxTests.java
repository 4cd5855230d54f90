package dev.mercato.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import dev.mercato.testing.Prometheus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default: no SMTP server. Email is still written, rendered, and kept in the outbox
 * where operators read it, so {@code ./mercato run} works offline.
 */
class MailOutboxTests extends IntegrationTest {

    @Autowired
    MailDelivery delivery;
    @Autowired
    Notifications notifications;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MailOutbox outbox;
    @Autowired
    Clock clock;

    Marketplace market;

    @BeforeEach
    void setUp() {
        market = new Marketplace(api, admin(), jdbc);
    }

    @Test
    void withoutSmtpAReceiptIsKeptAndOperatorsCanReadItsTextAndHtml() {
        String email = "buyer-" + UUID.randomUUID() + "@example.com";
        String buyer = admin().post("/v1/users", Map.of("email", email, "name", "Sam")).id();
        Api.Client buyerClient = api.as(market.fixtures().keyFor(buyer));
        String course = market.publishCourse(market.seller(), market.category(), 12_00);
        // Read before the receipt exists: the background sender may keep it before this test's sendDue does.
        double keptBefore = Prometheus.value("http://127.0.0.1:" + port, ADMIN_KEY, "emails_total", "outcome=\"kept\"");
        String order = buyerClient.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        buyerClient.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));
        assertThat(Eventually.holds(() -> mailTo(email).size() == 1)).as("the receipt is enqueued").isTrue();

        delivery.sendDue();

        JsonNode summary = mailTo(email).get(0);
        assertThat(summary.path("status").asString()).isEqualTo("kept");
        assertThat(summary.path("template").asString()).isEqualTo("order_receipt");
        assertThat(summary.path("user_id").asString()).isEqualTo(buyer);
        assertThat(summary.has("html")).as("the list is a summary").isFalse();
        Api.Response full = admin().get("/v1/admin/mail/" + summary.path("id").asString());
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.text("subject")).isEqualTo("Your receipt for order " + order);
        assertThat(full.text("text")).contains("Hello Sam", order, "12.00 USD", "Mercato");
        assertThat(full.text("html")).contains("<html", order, "12.00 USD", "Mercato", "#4f46e5");
        assertThat(Prometheus.value("http://127.0.0.1:" + port, ADMIN_KEY, "emails_total", "outcome=\"kept\""))
                .isGreaterThanOrEqualTo(keptBefore + 1);
        assertThat(Prometheus.has("http://127.0.0.1:" + port, ADMIN_KEY, "queue_depth", "queue=\"mail\"")).isTrue();
        assertThat(admin().get("/v1/admin/mail?template=order_receipt&status=kept&recipient=" + email).body()
                .path("data")).hasSize(1);
        assertThat(admin().get("/v1/admin/mail?template=new_sale&recipient=" + email).body().path("data")).isEmpty();
    }

    @Test
    void aUserWithoutAnEmailAddressGetsNothingAndTheOutboxSaysWhy() throws InterruptedException {
        String order = market.sell(market.seller(), market.category(), 5_00);
        market.awaitEarningsRecorded(order);
        String buyer = admin().get("/v1/orders/" + order).text("buyer_id");
        assertThat(Eventually.holds(() -> !mailOf(buyer).isEmpty())).isTrue();

        delivery.sendDue();

        JsonNode receipt = mailOf(buyer).get(0);
        assertThat(receipt.path("status").asString()).isEqualTo("skipped");
        assertThat(receipt.path("recipient").isNull()).isTrue();
        assertThat(receipt.path("note").asString()).isEqualTo("user " + buyer + " has no email address");
    }

    @Test
    void anOperatorAlertWithNoOperatorAddressIsRecordedAsSkipped() {
        String id = notifications.alertOperators("test-alert:" + UUID.randomUUID(), "Endpoint disabled", "It kept failing.");

        Api.Response alert = admin().get("/v1/admin/mail/" + id);
        assertThat(alert.text("status")).isEqualTo("skipped");
        assertThat(alert.text("category")).isEqualTo("operator");
        assertThat(alert.text("note")).contains("mercato.notifications.operator-email");
        assertThat(alert.text("text")).contains("It kept failing.");
    }

    @Test
    void theSameKeyEnqueuesOneEmail() {
        String key = "test-alert:" + UUID.randomUUID();

        String first = notifications.alertOperators(key, "Once", "only once");
        String second = notifications.alertOperators(key, "Once", "only once");

        assertThat(second).isEqualTo(first);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM mail_outbox WHERE dedupe_key = ?", Long.class, key)).isEqualTo(1);
    }

    @Test
    void onlyOperatorsReadTheOutbox() {
        Api.Client user = market.fixtures().newUserClient();

        HttpFixtures.assertProblem(user.get("/v1/admin/mail"), 403, "forbidden");
        HttpFixtures.assertProblem(user.get("/v1/admin/mail/mail_01JD3X0000000000000000000A"), 403, "forbidden");
        HttpFixtures.assertProblem(admin().get("/v1/admin/mail/mail_01JD3X0000000000000000000A"), 404, "email_not_found");
        HttpFixtures.assertProblem(admin().get("/v1/admin/mail?status=lost"), 400, "invalid_status");
    }

    @Test
    void usersTurnSalesEmailOffAndOnButNotTransactionalEmail() {
        Api.Client user = market.fixtures().newUserClient();
        JsonNode defaults = user.get("/v1/users/me/email-preferences").body();
        assertThat(defaults.path("object").asString()).isEqualTo("email_preferences");
        assertThat(defaults.path("transactional").asBoolean()).isTrue();
        assertThat(defaults.path("sales").asBoolean()).isTrue();

        assertThat(user.put("/v1/users/me/email-preferences", Map.of("sales", false)).body().path("sales").asBoolean())
                .isFalse();
        HttpFixtures.assertProblem(user.put("/v1/users/me/email-preferences", Map.of("transactional", false, "sales", true)),
                400, "category_not_optional");
        assertThat(user.get("/v1/users/me/email-preferences").body().path("sales").asBoolean())
                .as("a refused change changes nothing").isFalse();
        HttpFixtures.assertProblem(user.put("/v1/users/me/email-preferences", Map.of("marketing", false)), 400,
                "unknown_parameter");
        assertThat(user.put("/v1/users/me/email-preferences", Map.of("sales", true)).body().path("sales").asBoolean())
                .isTrue();
    }

    @Test
    void finishedEmailGoesAfterItsRetentionButPendingEmailStays() {
        String finished = notifications.alertOperators("retention:" + UUID.randomUUID(), "Old news", "done");
        String pending = notifications.alertOperators("retention:" + UUID.randomUUID(), "Still to send", "waiting");
        jdbc.update("UPDATE mail_outbox SET status = 'pending' WHERE id = ?", pending);

        outbox.pruneBefore(clock.instant().minusSeconds(60), 1_000);
        assertThat(admin().get("/v1/admin/mail/" + finished).status()).as("younger than the cut-off: kept").isEqualTo(200);
        outbox.pruneBefore(clock.instant().plusSeconds(1), 1_000);

        assertThat(admin().get("/v1/admin/mail/" + finished).status()).as("finished and past retention: gone").isEqualTo(404);
        assertThat(admin().get("/v1/admin/mail/" + pending).status()).as("not sent yet: kept").isEqualTo(200);
    }

    private JsonNode mailTo(String email) {
        return admin().get("/v1/admin/mail?recipient=" + email).body().path("data");
    }

    private JsonNode mailOf(String userId) {
        return admin().get("/v1/admin/mail?template=order_receipt&user_id=" + userId).body().path("data");
    }
}
