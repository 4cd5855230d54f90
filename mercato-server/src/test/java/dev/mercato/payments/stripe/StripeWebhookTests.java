package dev.mercato.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.net.Webhook;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventType;
import dev.mercato.payments.WebhookDelivery;
import dev.mercato.payments.internal.PaymentsProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe webhooks, verified offline with fixtures signed here. The adapter's clock is fixed years
 * away from real time, so these tests also show the injected clock, not the system's, decides staleness.
 */
class StripeWebhookTests {

    static final Instant NOW = Instant.parse("2031-03-01T12:00:00Z");
    static final String SECRET = "whsec_test_secret";

    final StripeProcessor processor = processor("whsec_old_secret, " + SECRET);

    static StripeProcessor processor(String secrets) {
        return new StripeProcessor(new PaymentsProperties.Stripe("sk_test_fake", secrets, "http://127.0.0.1:9", 290, 30,
                "", Duration.ofSeconds(1), Duration.ofSeconds(1), 0), Duration.ofSeconds(300),
                Clock.fixed(NOW, ZoneOffset.UTC), JsonMapper.builder().build());
    }

    @Test
    void aDisputeSignedWithTheEndpointSecretIsReadWithAmountAndFee() {
        String body = event("evt_1", "charge.dispute.created", null, """
                {"id":"dp_1","object":"dispute","amount":1000,"currency":"usd","payment_intent":"pi_123",
                 "status":"needs_response","balance_transactions":[{"id":"txn_1","object":"balance_transaction",
                 "amount":-1000,"fee":1500}]}""");

        ProcessorEvent event = processor.parseWebhook(delivery(body, sign(SECRET, NOW.getEpochSecond() - 10, body)));

        assertThat(event.id()).isEqualTo("evt_1");
        assertThat(event.type()).isEqualTo(ProcessorEventType.DISPUTE_OPENED);
        assertThat(event.sourceType()).isEqualTo("charge.dispute.created");
        assertThat(event.objectId()).isEqualTo("dp_1");
        assertThat(event.paymentId()).isEqualTo("pi_123");
        assertThat(event.amount()).isEqualTo(1_000);
        assertThat(event.fee()).isEqualTo(1_500);
        assertThat(event.currency()).isEqualTo("USD");
        assertThat(event.createdAt()).isEqualTo(NOW.minusSeconds(20));
    }

    @Test
    void aFixtureSignedByStripeJavasOwnHelperVerifies() throws Exception {
        String body = event("evt_2", "account.updated", null, """
                {"id":"acct_1","object":"account","charges_enabled":true,"payouts_enabled":true}""");
        String header = Webhook.Signature.generateSignatureHeader(body, SECRET, NOW.getEpochSecond());

        ProcessorEvent event = processor.parseWebhook(delivery(body, header));

        assertThat(event.type()).isEqualTo(ProcessorEventType.ACCOUNT_UPDATED);
        assertThat(event.accountId()).isEqualTo("acct_1");
    }

    @Test
    void aWrongSecretATamperedBodyOrNoHeaderIsRefusedAsForged() {
        String body = event("evt_3", "payment_intent.succeeded", null, """
                {"id":"pi_1","object":"payment_intent","amount":1000,"amount_received":1000,"currency":"usd","status":"succeeded"}""");
        long now = NOW.getEpochSecond();

        assertForged(delivery(body, sign("whsec_attacker", now, body)));
        assertForged(delivery(body.replace("1000", "1"), sign(SECRET, now, body)));
        assertForged(delivery(body, null));
        assertForged(delivery(body, "t=" + now));
    }

    @Test
    void aSignatureOlderThanTheToleranceIsRefusedAsStale() {
        String body = event("evt_4", "payment_intent.succeeded", null, """
                {"id":"pi_1","object":"payment_intent","amount":1000,"amount_received":1000,"currency":"usd","status":"succeeded"}""");

        assertThatThrownBy(() -> processor.parseWebhook(delivery(body, sign(SECRET, NOW.getEpochSecond() - 301, body))))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("stale_webhook");
                });
        assertThat(processor.parseWebhook(delivery(body, sign(SECRET, NOW.getEpochSecond() - 299, body))).type())
                .isEqualTo(ProcessorEventType.PAYMENT_SUCCEEDED);
    }

    @Test
    void eventsOnConnectedAccountsAndClosedDisputesAreMapped() {
        String payout = event("evt_5", "payout.failed", "acct_9", """
                {"id":"po_1","object":"payout","amount":5000,"currency":"eur","status":"failed","failure_code":"account_closed"}""");
        String lost = event("evt_6", "charge.dispute.closed", null, """
                {"id":"dp_1","object":"dispute","amount":1000,"currency":"usd","payment_intent":"pi_123","status":"lost"}""");
        String authorized = event("evt_7", "payment_intent.amount_capturable_updated", null, """
                {"id":"pi_1","object":"payment_intent","amount":1000,"amount_capturable":1000,"currency":"usd",
                 "status":"requires_capture"}""");
        String other = event("evt_8", "customer.created", null, """
                {"id":"cus_1","object":"customer"}""");

        ProcessorEvent failed = parse(payout);
        assertThat(failed.type()).isEqualTo(ProcessorEventType.PAYOUT_FAILED);
        assertThat(failed.accountId()).isEqualTo("acct_9");
        assertThat(failed.failureCode()).isEqualTo("account_closed");
        assertThat(failed.currency()).isEqualTo("EUR");
        assertThat(parse(lost).type()).isEqualTo(ProcessorEventType.DISPUTE_LOST);
        assertThat(parse(authorized).type()).isEqualTo(ProcessorEventType.PAYMENT_AUTHORIZED);
        assertThat(parse(authorized).amount()).isEqualTo(1_000);
        assertThat(parse(other).type()).isEqualTo(ProcessorEventType.OTHER);
        assertThat(parse(other).objectId()).isEqualTo("cus_1");
    }

    @Test
    void aPaymentCapturedAutomaticallyAfterThreeDSecureIsReportedAsSucceeded() {
        String succeeded = event("evt_9", "payment_intent.succeeded", null, """
                {"id":"pi_3ds","object":"payment_intent","amount":1000,"amount_received":1000,"currency":"usd",
                 "status":"succeeded","capture_method":"automatic"}""");

        ProcessorEvent event = parse(succeeded);

        assertThat(event.type()).isEqualTo(ProcessorEventType.PAYMENT_SUCCEEDED);
        assertThat(event.paymentId()).isEqualTo("pi_3ds");
        assertThat(event.amount()).isEqualTo(1_000);
    }

    private ProcessorEvent parse(String body) {
        return processor.parseWebhook(delivery(body, sign(SECRET, NOW.getEpochSecond(), body)));
    }

    private void assertForged(WebhookDelivery delivery) {
        assertThatThrownBy(() -> processor.parseWebhook(delivery)).isInstanceOfSatisfying(PaymentException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_signature");
        });
    }

    private static WebhookDelivery delivery(String body, String signature) {
        return new WebhookDelivery(body.getBytes(StandardCharsets.UTF_8),
                signature == null ? Map.of() : Map.of("stripe-signature", signature));
    }

    private static String event(String id, String type, String account, String object) {
        return """
                {"id":"%s","object":"event","api_version":"2025-01-27.acacia","created":%d,"livemode":false,
                 "pending_webhooks":1,"type":"%s",%s"data":{"object":%s}}"""
                .formatted(id, NOW.getEpochSecond() - 20, type, account == null ? "" : "\"account\":\"" + account + "\",",
                        object);
    }

    static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
