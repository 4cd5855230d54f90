package dev.mercato.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mercato.payouts.EarningsRelease;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.Instances;
import dev.mercato.testing.Marketplace;
import dev.mercato.testing.Prometheus;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Email over a real SMTP server (GreenMail on a random port), configured the way an operator would:
 * {@code MERCATO_SMTP_URL}. The instance's own sender job is slowed down so each test decides when
 * the outbox is delivered.
 */
class EmailDeliveryTests {

    static final String ADMIN_KEY = "mk_email_admin_key_0123456789abcdefghij";
    static final String INBOX = "help@courseland.example";
    static final String OPERATORS = "ops@courseland.example";
    static int port;
    static GreenMail smtp;
    static ConfigurableApplicationContext instance;

    Api api;
    Api.Client admin;
    Marketplace market;
    String category;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        port = smtp.getSmtp().getPort();
        instance = Instances.start("--mercato.bootstrap-admin-key=" + ADMIN_KEY,
                "--MERCATO_SMTP_URL=smtp://127.0.0.1:" + port,
                "--mercato.notifications.platform-name=Courseland", "--mercato.notifications.brand-color=#0a7f5a",
                "--mercato.notifications.from=hello@courseland.example",
                "--mercato.notifications.support-inbox=" + INBOX, "--mercato.notifications.operator-email=" + OPERATORS,
                "--mercato.notifications.send-interval=PT1H", "--mercato.notifications.max-attempts=2");
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @BeforeEach
    void setUp() {
        api = Instances.api(instance);
        admin = api.as(ADMIN_KEY);
        market = new Marketplace(api, admin, instance.getBean(JdbcTemplate.class));
        category = market.category();
    }

    @Test
    void aPaidOrderSendsTheBuyerAReceiptAndEachSellerANewSaleNotice() throws Exception {
        Account alice = sellerWithEmail();
        Account bob = sellerWithEmail();
        String aliceCourse = publish(alice.client(), "Ledgers <i>for</i> \"everyone\" & more", 30_00);
        String bobCourse = market.publishCourse(bob.client(), category, 20_00);
        Account buyer = userWithEmail();

        String order = buy(buyer.client(), aliceCourse, bobCourse);
        awaitMail(buyer.email(), 1);
        awaitMail(alice.email(), 1);
        awaitMail(bob.email(), 1);
        deliver();

        MimeMessage receipt = only(received(buyer.email()));
        assertThat(receipt.getSubject()).isEqualTo("Your receipt for order " + order);
        assertThat(((InternetAddress) receipt.getFrom()[0]).getPersonal()).isEqualTo("Courseland");
        assertThat(((InternetAddress) receipt.getFrom()[0]).getAddress()).isEqualTo("hello@courseland.example");
        Map<String, String> parts = parts(receipt);
        assertThat(parts).containsKeys("text/plain", "text/html");
        assertThat(parts.get("text/plain")).contains("Courseland", order, "50.00 USD", "Ledgers <i>for</i> \"everyone\" & more");
        assertThat(parts.get("text/html")).contains("Courseland", "#0a7f5a", "50.00 USD")
                .as("a seller's title is text in the HTML, never markup")
                .contains("Ledgers &lt;i&gt;for&lt;/i&gt; &quot;everyone&quot; &amp; more").doesNotContain("<i>for</i>");

        MimeMessage aliceSale = only(received(alice.email()));
        assertThat(aliceSale.getSubject()).isEqualTo("You made a sale: 21.00 USD");
        assertThat(parts(aliceSale).get("text/plain")).contains(order, "Ledgers <i>for</i>").doesNotContain("20.00 USD");
        MimeMessage bobSale = only(received(bob.email()));
        assertThat(bobSale.getSubject()).isEqualTo("You made a sale: 14.00 USD");
        assertThat(parts(bobSale).get("text/html")).contains("Courseland", "email preferences");

        JsonNode outbox = admin.get("/v1/admin/mail?recipient=" + buyer.email()).body().path("data");
        assertThat(outbox.get(0).path("status").asString()).isEqualTo("sent");
        assertThat(outbox.get(0).path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aRefundEmailsTheBuyer() throws Exception {
        Account seller = sellerWithEmail();
        Account buyer = userWithEmail();
        String order = buy(buyer.client(), market.publishCourse(seller.client(), category, 40_00));
        Api.Response refund = admin.post("/v1/refunds", Map.of("order_id", order, "amount", 10_00));
        assertThat(refund.status()).as(refund.body().toString()).isEqualTo(201);

        awaitMail(buyer.email(), 2);
        deliver();

        assertThat(received(buyer.email())).extracting(Message::getSubject)
                .containsExactlyInAnyOrder("Your receipt for order " + order, "Refund of 10.00 USD for order " + order);
        MimeMessage refunded = received(buyer.email()).stream()
                .filter(m -> subject(m).startsWith("Refund")).findFirst().orElseThrow();
        assertThat(parts(refunded).get("text/plain")).contains(refund.id(), "Courseland");
        assertThat(parts(refunded).get("text/html")).contains(refund.id(), "Courseland");
    }

    @Test
    void aSellerHearsWhenAPayoutIsPaidAndWhenOneFails() throws Exception {
        Account seller = sellerWithEmail();
        market.releaseAtOnce(seller.client());
        market.awaitEarningsRecorded(buy(userWithEmail().client(), market.publishCourse(seller.client(), category, 100_00)));
        instance.getBean(EarningsRelease.class).releaseDue();
        Api.Response paid = seller.client().post("/v1/payouts", Map.of("currency", "USD"));
        assertThat(paid.text("status")).as(paid.body().toString()).isEqualTo("paid");

        market.awaitEarningsRecorded(buy(userWithEmail().client(), market.publishCourse(seller.client(), category, 50_00)));
        instance.getBean(EarningsRelease.class).releaseDue();
        String account = seller.client().get("/v1/payout-accounts/me").text("processor_account_id");
        admin.put("/v1/simulated-processor/accounts/" + account + "/transfer-mode", Map.of("mode", "pending"));
        Api.Response failing = seller.client().post("/v1/payouts", Map.of("currency", "USD"));
        assertThat(admin.post("/v1/simulated-processor/transfers/" + failing.text("processor_transfer_id") + "/settle",
                Map.of("outcome", "failed")).status()).isEqualTo(200);

        awaitMail(seller.email(), 4);
        deliver();

        List<MimeMessage> mails = received(seller.email());
        assertThat(mails).extracting(Message::getSubject).contains("Your payout of 70.00 USD is on its way",
                "Your payout of 35.00 USD did not go through");
        MimeMessage failed = mails.stream().filter(m -> subject(m).contains("did not go through")).findFirst().orElseThrow();
        assertThat(parts(failed).get("text/plain")).contains(failing.id(), "account_closed", "back in your available balance");
        assertThat(parts(failed).get("text/html")).contains(failing.id(), "Courseland");
    }

    @Test
    void aUserWhoTurnedOffSalesEmailGetsNoNewSaleNoticeButStillItsReceipts() throws Exception {
        Account seller = sellerWithEmail();
        Api.Response off = seller.client().put("/v1/users/me/email-preferences", Map.of("sales", false));
        assertThat(off.status()).as(off.body().toString()).isEqualTo(200);
        assertThat(off.body().path("sales").asBoolean()).isFalse();
        assertThat(off.body().path("transactional").asBoolean()).isTrue();

        String sale = buy(userWithEmail().client(), market.publishCourse(seller.client(), category, 15_00));
        String purchase = buy(seller.client(), market.publishCourse(sellerWithEmail().client(), category, 25_00));
        awaitMail(seller.email(), 2);
        deliver();

        assertThat(received(seller.email())).extracting(Message::getSubject)
                .containsExactly("Your receipt for order " + purchase);
        JsonNode notice = admin.get("/v1/admin/mail?template=new_sale&recipient=" + seller.email()).body().path("data").get(0);
        assertThat(notice.path("status").asString()).isEqualTo("skipped");
        assertThat(notice.path("note").asString()).contains("opted out of sales");
        assertThat(sale).isNotBlank();
    }

    @Test
    void emailThatFindsTheSmtpServerDownIsRetriedLaterAndThenSent() throws Exception {
        Account user = userWithEmail();
        String message = user.client().post("/v1/support/messages",
                Map.of("subject", "Cannot download", "body", "The link expired.")).text("mail_id");
        HealthIndicator health = (HealthIndicator) instance.getBean(HealthContributorRegistry.class).getContributor("mail");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        double sentBefore = emailsSent();

        smtp.stop();
        try {
            deliver();
            JsonNode waiting = admin.get("/v1/admin/mail/" + message).body();
            assertThat(waiting.path("status").asString()).isEqualTo("pending");
            assertThat(waiting.path("attempts").asInt()).isEqualTo(1);
            assertThat(waiting.path("note").asString()).isNotBlank();
            assertThat(health.health().getStatus()).as("SMTP shows in health").isEqualTo(Status.DOWN);
            assertThat(admin.get("/actuator/health").status()).isEqualTo(503);
        } finally {
            smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        deliver();
        assertThat(admin.get("/v1/admin/mail/" + message).text("status")).as("not due again before its backoff").isEqualTo("pending");
        assertThat(received(INBOX)).isEmpty();

        instance.getBean(MercatoClock.class).advance(Duration.ofSeconds(31));
        deliver();

        assertThat(admin.get("/v1/admin/mail/" + message).text("status")).isEqualTo("sent");
        assertThat(received(INBOX)).extracting(Message::getSubject).containsExactly("[Support] Cannot download");
        assertThat(emailsSent()).as("emails_total{outcome=sent}").isGreaterThanOrEqualTo(sentBefore + 1);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void emailStillUndeliveredAtItsLastAttemptIsMarkedFailed() {
        String message = userWithEmail().client().post("/v1/support/messages",
                Map.of("subject", "Never arrives", "body", "…")).text("mail_id");
        double failedBefore = Prometheus.value(Instances.baseUrl(instance), ADMIN_KEY, "emails_total", "outcome=\"failed\"");

        smtp.stop();
        try {
            deliver();
            assertThat(admin.get("/v1/admin/mail/" + message).text("status")).isEqualTo("pending");
            instance.getBean(MercatoClock.class).advance(Duration.ofSeconds(31));
            deliver();
        } finally {
            smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }

        Api.Response failed = admin.get("/v1/admin/mail/" + message);
        assertThat(failed.text("status")).isEqualTo("failed");
        assertThat(failed.number("attempts")).isEqualTo(2);
        assertThat(failed.text("note")).isNotBlank();
        assertThat(Prometheus.value(Instances.baseUrl(instance), ADMIN_KEY, "emails_total", "outcome=\"failed\""))
                .isGreaterThanOrEqualTo(failedBefore + 1);
        instance.getBean(MercatoClock.class).advance(Duration.ofHours(2));
        deliver();
        assertThat(admin.get("/v1/admin/mail/" + message).text("status")).as("given up for good").isEqualTo("failed");
    }

    @Test
    void aSupportMessageIsStoredListedAndEmailedToTheInboxWithReplyToTheSender() throws Exception {
        Account user = userWithEmail();
        String answerTo = "reply-" + UUID.randomUUID() + "@example.com";
        Api.Response sent = user.client().post("/v1/support/messages",
                Map.of("email", answerTo, "subject", "Refund <please>", "body", "Order ord_x was charged twice.\nThanks"));
        assertThat(sent.status()).as(sent.body().toString()).isEqualTo(201);
        assertThat(sent.text("mail_id")).startsWith("mail_");

        JsonNode listed = admin.get("/v1/admin/support/messages?user_id=" + user.id()).body().path("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("email").asString()).isEqualTo(answerTo);
        assertThat(listed.get(0).path("body").asString()).isEqualTo("Order ord_x was charged twice.\nThanks");
        deliver();

        MimeMessage mail = received(INBOX).stream().filter(m -> subject(m).equals("[Support] Refund <please>"))
                .findFirst().orElseThrow();
        assertThat(((InternetAddress) mail.getReplyTo()[0]).getAddress()).isEqualTo(answerTo);
        assertThat(parts(mail).get("text/plain")).contains(sent.id(), user.id(), "charged twice");
        assertThat(parts(mail).get("text/html")).contains("Courseland", "charged twice");
    }

    @Test
    void anOperatorAlertReachesTheOperatorAddress() throws Exception {
        String key = "endpoint-disabled:" + UUID.randomUUID();
        String id = instance.getBean(Notifications.class).alertOperators(key, "Webhook endpoint disabled",
                "https://hooks.example/x failed 20 times in a row <b>and</b> was disabled.");

        deliver();

        assertThat(admin.get("/v1/admin/mail/" + id).text("status")).isEqualTo("sent");
        MimeMessage alert = received(OPERATORS).stream().filter(m -> subject(m).equals("Webhook endpoint disabled"))
                .findFirst().orElseThrow();
        assertThat(parts(alert).get("text/plain")).contains("failed 20 times in a row <b>and</b> was disabled.");
        assertThat(parts(alert).get("text/html")).contains("&lt;b&gt;and&lt;/b&gt;", "Courseland");
    }

    @Test
    void smtpAppearsInTheHealthOfAnInstanceThatHasIt() {
        HealthIndicator mail = (HealthIndicator) instance.getBean(HealthContributorRegistry.class).getContributor("mail");
        assertThat(mail).isNotNull();
        assertThat(mail.health().getStatus()).isEqualTo(Status.UP);
        assertThat(mail.health().getDetails()).containsEntry("location", "127.0.0.1:" + port);
        assertThat(api.anonymous().get("/actuator/health").text("status")).isEqualTo("UP");
    }

    record Account(String id, String email, Api.Client client) {
    }

    private Account userWithEmail() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        Api.Response user = admin.post("/v1/users", Map.of("email", email, "name", "Pat"));
        assertThat(user.status()).as(user.body().toString()).isEqualTo(201);
        return new Account(user.id(), email, api.as(market.fixtures().keyFor(user.id())));
    }

    private Account sellerWithEmail() {
        Account seller = userWithEmail();
        seller.client().post("/v1/payout-accounts", Map.of());
        return seller;
    }

    private String publish(Api.Client seller, String title, long price) {
        String listing = seller.post("/v1/listings", Map.of("kind", "course", "title", title, "description", "Learn",
                "category_id", category, "price", Map.of("amount", price, "currency", "USD"),
                "attributes", Map.of("level", "beginner", "language", "en"))).id();
        assertThat(seller.post("/v1/listings/" + listing + "/publish", Map.of()).status()).isEqualTo(200);
        return listing;
    }

    private String buy(Api.Client buyer, String... listings) {
        String order = buyer.post("/v1/orders",
                Map.of("items", Arrays.stream(listings).map(l -> Map.of("listing_id", l)).toList())).id();
        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .isEqualTo("paid");
        return order;
    }

    /** Waits until after-commit listeners have put {@code count} emails for the address in the outbox. */
    private void awaitMail(String recipient, int count) {
        assertThat(Eventually.holds(() -> admin.get("/v1/admin/mail?recipient=" + recipient).body().path("data").size() >= count))
                .as("%d emails to %s enqueued", count, recipient).isTrue();
    }

    private static void deliver() {
        instance.getBean(MailDelivery.class).sendDue();
    }

    private double emailsSent() {
        return Prometheus.value(Instances.baseUrl(instance), ADMIN_KEY, "emails_total", "outcome=\"sent\"");
    }

    private static List<MimeMessage> received(String address) throws Exception {
        List<MimeMessage> mine = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (Arrays.stream(message.getAllRecipients()).anyMatch(a -> ((InternetAddress) a).getAddress().equals(address))) {
                mine.add(message);
            }
        }
        return mine;
    }

    private static MimeMessage only(List<MimeMessage> messages) {
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message's leaf parts by content type (text/plain, text/html), decoded. */
    private static Map<String, String> parts(Part part) throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                found.putAll(parts(child));
            }
        } else {
            found.put(part.getContentType().split(";")[0].trim().toLowerCase(), part.getContent().toString());
        }
        return found;
    }
}
