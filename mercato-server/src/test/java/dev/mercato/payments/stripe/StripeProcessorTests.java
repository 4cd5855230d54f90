package dev.mercato.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.payments.AuthorizationRequest;
import dev.mercato.payments.ConnectedAccount;
import dev.mercato.payments.ConnectedAccountRequest;
import dev.mercato.payments.OnboardingLink;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorPayment;
import dev.mercato.payments.ProcessorRefund;
import dev.mercato.payments.ProcessorTransfer;
import dev.mercato.payments.TransferRequest;
import dev.mercato.payments.internal.PaymentsProperties;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The Stripe adapter against a local fake Stripe: what it sends, and how it reads the answers. No network. */
class StripeProcessorTests {

    static final String AUTHORIZED = """
            {"id":"pi_123","object":"payment_intent","amount":1000,"amount_capturable":1000,"amount_received":0,
             "currency":"usd","status":"requires_capture","latest_charge":"ch_123",
             "metadata":{"mercato_payment_id":"pay_1"}}""";
    static final ObjectMapper JSON = JsonMapper.builder().build();

    FakeStripe stripe;
    StripeProcessor processor;

    @BeforeEach
    void start() throws IOException {
        stripe = new FakeStripe();
        processor = processor(Duration.ofSeconds(5), 0);
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    StripeProcessor processor(Duration readTimeout, int retries) {
        return new StripeProcessor(new PaymentsProperties.Stripe("sk_test_fake", "whsec_test", stripe.url(), 290, 30, "",
                Duration.ofSeconds(2), readTimeout, retries), Duration.ofMinutes(5), java.time.Clock.systemUTC(), JSON);
    }

    @Test
    void authorizesWithAManuallyCapturedConfirmedPaymentIntent() {
        stripe.on("POST /v1/payment_intents", 200, AUTHORIZED);

        ProcessorPayment payment = processor.authorize(new AuthorizationRequest(1_000, "USD", "pm_card_visa",
                "pay_1:authorize", "pay_1", Map.of("order", "ord_1"), "ord_1"));

        assertThat(payment.id()).isEqualTo("pi_123");
        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(payment.currency()).isEqualTo("USD");
        assertThat(sentPaymentIntent("manual").header("Authorization")).isEqualTo("Bearer sk_test_fake");
    }

    @Test
    void authorizesAndCapturesWithOneAutomaticallyCapturedConfirmedPaymentIntent() {
        stripe.on("POST /v1/payment_intents", 200, """
                {"id":"pi_123","object":"payment_intent","amount":1000,"amount_received":1000,"currency":"usd",
                 "status":"succeeded","latest_charge":"ch_123","metadata":{"mercato_payment_id":"pay_1"}}""");

        ProcessorPayment payment = processor.authorizeAndCapture(new AuthorizationRequest(1_000, "USD", "pm_card_visa",
                "pay_1:authorize", "pay_1", Map.of("order", "ord_1"), "ord_1"));

        assertThat(payment.id()).isEqualTo("pi_123");
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.amountCaptured()).isEqualTo(1_000);
        assertThat(stripe.received()).as("one API call").hasSize(1);
        sentPaymentIntent("automatic");
    }

    @Test
    void aOneCallPaymentThatNeedsThreeDSecureIsFoundCapturedOnceTheCustomerActs() {
        stripe.on("POST /v1/payment_intents", 200, """
                {"id":"pi_3ds","object":"payment_intent","amount":1000,"amount_received":0,"currency":"usd",
                 "status":"requires_action","next_action":{"type":"redirect_to_url",
                 "redirect_to_url":{"url":"https://hooks.stripe.com/3d_secure/pi_3ds","return_url":"https://m.example/r"}}}""");
        stripe.on("GET /v1/payment_intents/pi_3ds", 200, """
                {"id":"pi_3ds","object":"payment_intent","amount":1000,"amount_received":1000,"currency":"usd",
                 "status":"succeeded","latest_charge":{"id":"ch_3ds","object":"charge","amount_refunded":0}}""");

        ProcessorPayment waiting = processor.authorizeAndCapture(new AuthorizationRequest(1_000, "usd", "pm_card_3ds",
                "pay_2:authorize", "pay_2", Map.of(), null));

        assertThat(waiting.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(waiting.amountCaptured()).isZero();
        assertThat(waiting.nextActionUrl()).isEqualTo("https://hooks.stripe.com/3d_secure/pi_3ds");
        ProcessorPayment afterwards = processor.retrieve("pi_3ds").orElseThrow();
        assertThat(afterwards.status()).as("automatic capture: captured by itself").isEqualTo(PaymentStatus.CAPTURED);
        assertThat(afterwards.amountCaptured()).isEqualTo(1_000);
    }

    @Test
    void aOneCallDeclineTimeoutOrReusedKeyMeansWhatItMeansForAnAuthorization() {
        stripe.on("POST /v1/payment_intents", 402, """
                {"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline",
                 "message":"Your card was declined."}}""");
        ProcessorPayment declined = processor.authorizeAndCapture(new AuthorizationRequest(1_000, "usd", "pm_x", "k5",
                "pay_6", Map.of(), null));
        assertThat(declined.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(declined.failureCode()).isEqualTo("card_declined");

        stripe.on("POST /v1/payment_intents", 500, """
                {"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}""");
        assertThat(processor.authorizeAndCapture(new AuthorizationRequest(1_000, "usd", "pm_x", "k6", "pay_7", Map.of(),
                null)).status()).as("Stripe may have captured: unknown, for the janitor").isEqualTo(PaymentStatus.UNKNOWN);

        stripe.on("POST /v1/payment_intents", 400, """
                {"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters they were first used with."}}""");
        assertThatThrownBy(() -> processor.authorizeAndCapture(new AuthorizationRequest(1_000, "usd", "pm_x",
                "pay_8:authorize", "pay_8", Map.of(), null)))
                .as("the key of an authorization made alone")
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
    }

    /** The PaymentIntent request last sent for pay_1 / ord_1 with pm_card_visa, with its capture method. */
    private FakeStripe.Received sentPaymentIntent(String captureMethod) {
        FakeStripe.Received sent = stripe.last("POST /v1/payment_intents");
        assertThat(sent.form()).containsEntry("amount", "1000").containsEntry("currency", "usd")
                .containsEntry("capture_method", captureMethod).containsEntry("confirm", "true")
                .containsEntry("payment_method", "pm_card_visa").containsEntry("payment_method_types[0]", "card")
                .containsEntry("transfer_group", "ord_1").containsEntry("metadata[order]", "ord_1")
                .containsEntry("metadata[mercato_payment_id]", "pay_1");
        assertThat(sent.header("Idempotency-Key")).isEqualTo("pay_1:authorize");
        return sent;
    }

    @Test
    void aCardDeclineIsAFailureWithItsCode() {
        stripe.on("POST /v1/payment_intents", 402, """
                {"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
                 "message":"Your card has insufficient funds.",
                 "payment_intent":{"id":"pi_declined","object":"payment_intent","amount":1000,"currency":"usd",
                                   "status":"requires_payment_method"}}}""");

        ProcessorPayment payment = processor.authorize(new AuthorizationRequest(1_000, "usd", "pm_card_chargeDeclined",
                "k1", "pay_2", Map.of(), null));

        assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(payment.failureCode()).isEqualTo("insufficient_funds");
        assertThat(payment.id()).isEqualTo("pi_declined");
        assertThat(payment.failureMessage()).contains("insufficient funds");
    }

    @Test
    void aTimeoutIsUnknownNotAFailure() {
        stripe.on("POST /v1/payment_intents", 200, AUTHORIZED, 1_500);
        StripeProcessor impatient = processor(Duration.ofMillis(300), 0);

        ProcessorPayment payment = impatient.authorize(new AuthorizationRequest(1_000, "usd", "pm_card_visa", "k2",
                "pay_3", Map.of(), null));

        assertThat(payment.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(payment.failureCode()).isEqualTo("processor_unavailable");
    }

    @Test
    void aServerErrorIsUnknownTooBecauseStripeMayHaveActed() {
        stripe.on("POST /v1/payment_intents", 500, """
                {"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}""");

        ProcessorPayment payment = processor.authorize(new AuthorizationRequest(1_000, "usd", "pm_card_visa", "k3",
                "pay_4", Map.of(), null));

        assertThat(payment.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(payment.failureCode()).isEqualTo("processor_error");
    }

    @Test
    void aReusedIdempotencyKeyIsRefused() {
        stripe.on("POST /v1/payment_intents", 400, """
                {"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters they were first used with."}}""");

        assertThatThrownBy(() -> processor.authorize(new AuthorizationRequest(1_000, "usd", "pm_card_visa", "k4",
                "pay_5", Map.of(), null)))
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
    }

    @Test
    void capturesPartOfAnAuthorization() {
        stripe.on("POST /v1/payment_intents/pi_123/capture", 200, """
                {"id":"pi_123","object":"payment_intent","amount":1000,"amount_received":600,"currency":"usd",
                 "status":"succeeded"}""");

        ProcessorPayment captured = processor.capture("pi_123", 600L, "pay_1:capture:c1");

        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(captured.amountCaptured()).isEqualTo(600);
        FakeStripe.Received sent = stripe.last("POST /v1/payment_intents/pi_123/capture");
        assertThat(sent.form()).containsEntry("amount_to_capture", "600");
        assertThat(sent.header("Idempotency-Key")).isEqualTo("pay_1:capture:c1");
    }

    @Test
    void cancelsAnAuthorization() {
        stripe.on("POST /v1/payment_intents/pi_123/cancel", 200, """
                {"id":"pi_123","object":"payment_intent","amount":1000,"currency":"usd","status":"canceled"}""");

        assertThat(processor.cancel("pi_123", "pay_1:cancel").status()).isEqualTo(PaymentStatus.CANCELED);
        assertThat(stripe.last("POST /v1/payment_intents/pi_123/cancel").header("Idempotency-Key")).isEqualTo("pay_1:cancel");
    }

    @Test
    void refundsPartOfAPayment() {
        stripe.on("POST /v1/refunds", 200, """
                {"id":"re_1","object":"refund","amount":300,"currency":"usd","payment_intent":"pi_123","status":"succeeded"}""");

        ProcessorRefund refund = processor.refund("pi_123", 300, "pay_1:refund:r1");

        assertThat(refund.status()).isEqualTo(ProcessorRefund.Status.SUCCEEDED);
        assertThat(refund.amount()).isEqualTo(300);
        FakeStripe.Received sent = stripe.last("POST /v1/refunds");
        assertThat(sent.form()).containsEntry("payment_intent", "pi_123").containsEntry("amount", "300");
        assertThat(sent.header("Idempotency-Key")).isEqualTo("pay_1:refund:r1");
    }

    @Test
    void aRefundAboveWhatIsLeftIsRefusedWithStripesReason() {
        stripe.on("POST /v1/refunds", 400, """
                {"error":{"type":"invalid_request_error","code":"charge_already_refunded",
                 "message":"Charge ch_123 has already been refunded."}}""");

        assertThatThrownBy(() -> processor.refund("pi_123", 300, "r2"))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("processor_refused");
                    assertThat(e.details()).containsEntry("processor_code", "charge_already_refunded");
                });
    }

    @Test
    void retrievesAPaymentWithItsRefundsAndFindsOneByMercatosReference() {
        stripe.on("GET /v1/payment_intents/pi_123", 200, """
                {"id":"pi_123","object":"payment_intent","amount":1000,"amount_received":1000,"currency":"usd",
                 "status":"succeeded","latest_charge":{"id":"ch_123","object":"charge","amount_refunded":250}}""");
        stripe.on("GET /v1/payment_intents/search", 200, """
                {"object":"search_result","url":"/v1/payment_intents/search","has_more":false,"data":[%s]}"""
                .formatted(AUTHORIZED));

        ProcessorPayment payment = processor.retrieve("pi_123").orElseThrow();
        ProcessorPayment found = processor.findByReference("pay_1").orElseThrow();

        assertThat(payment.amountRefunded()).isEqualTo(250);
        assertThat(stripe.last("GET /v1/payment_intents/pi_123").query()).contains("expand[0]=latest_charge");
        assertThat(found.id()).isEqualTo("pi_123");
        assertThat(stripe.last("GET /v1/payment_intents/search").query())
                .contains("query=metadata['mercato_payment_id']:'pay_1'");
        assertThat(processor.retrieve("pi_missing")).isEmpty();
    }

    @Test
    void opensAnExpressAccountAndAnOnboardingLink() {
        stripe.on("POST /v1/accounts", 200, """
                {"id":"acct_1","object":"account","type":"express","charges_enabled":false,"payouts_enabled":false,
                 "details_submitted":false,"metadata":{"mercato_reference":"usr_1"}}""");
        stripe.on("POST /v1/account_links", 200, """
                {"object":"account_link","url":"https://connect.stripe.com/setup/e/acct_1/abc","created":1899999700,
                 "expires_at":1900000000}""");

        ConnectedAccount account = processor.createConnectedAccount(new ConnectedAccountRequest("usr_1",
                "seller@example.com", "US", "acct-usr_1"));
        OnboardingLink link = processor.onboardingLink("acct_1", "https://market.example/refresh",
                "https://market.example/done");

        assertThat(account.id()).isEqualTo("acct_1");
        assertThat(account.reference()).isEqualTo("usr_1");
        assertThat(account.ready()).isFalse();
        FakeStripe.Received created = stripe.last("POST /v1/accounts");
        assertThat(created.form()).containsEntry("type", "express").containsEntry("email", "seller@example.com")
                .containsEntry("country", "US").containsEntry("capabilities[transfers][requested]", "true")
                .containsEntry("capabilities[card_payments][requested]", "true");
        assertThat(created.header("Idempotency-Key")).isEqualTo("acct-usr_1");
        assertThat(link.url()).isEqualTo("https://connect.stripe.com/setup/e/acct_1/abc");
        assertThat(link.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_900_000_000));
        assertThat(stripe.last("POST /v1/account_links").form()).containsEntry("account", "acct_1")
                .containsEntry("type", "account_onboarding").containsEntry("return_url", "https://market.example/done")
                .containsEntry("refresh_url", "https://market.example/refresh");
    }

    @Test
    void transfersToASellerFromThePaymentsCharge() {
        stripe.on("GET /v1/payment_intents/pi_123", 200, AUTHORIZED);
        stripe.on("POST /v1/transfers", 200, """
                {"id":"tr_1","object":"transfer","amount":700,"currency":"usd","destination":"acct_1",
                 "transfer_group":"ord_1","reversed":false}""");

        ProcessorTransfer transfer = processor.transfer(new TransferRequest("acct_1", 700, "USD", "ord_1:seller_1",
                "ord_1", "pi_123", Map.of()));

        assertThat(transfer.status()).isEqualTo(ProcessorTransfer.Status.PAID);
        assertThat(transfer.currency()).isEqualTo("USD");
        FakeStripe.Received sent = stripe.last("POST /v1/transfers");
        assertThat(sent.form()).containsEntry("amount", "700").containsEntry("currency", "usd")
                .containsEntry("destination", "acct_1").containsEntry("transfer_group", "ord_1")
                .containsEntry("source_transaction", "ch_123");
        assertThat(sent.header("Idempotency-Key")).isEqualTo("ord_1:seller_1");
    }

    @Test
    void findsATransferByIdOrByItsGroupAndReadsAReversedOneAsFailed() {
        stripe.on("GET /v1/transfers/tr_1", 200, """
                {"id":"tr_1","object":"transfer","amount":700,"currency":"usd","destination":"acct_1","reversed":true}""");
        stripe.on("GET /v1/transfers", 200, """
                {"object":"list","url":"/v1/transfers","has_more":false,"data":[
                 {"id":"tr_2","object":"transfer","amount":900,"currency":"usd","destination":"acct_1","reversed":false}]}""");

        ProcessorTransfer reversed = processor.findTransfer("tr_1", null).orElseThrow();
        ProcessorTransfer byGroup = processor.findTransfer(null, "po_1").orElseThrow();

        assertThat(reversed.status()).isEqualTo(ProcessorTransfer.Status.FAILED);
        assertThat(reversed.failureCode()).isEqualTo("transfer_reversed");
        assertThat(byGroup.id()).isEqualTo("tr_2");
        assertThat(byGroup.status()).isEqualTo(ProcessorTransfer.Status.PAID);
        assertThat(stripe.last("GET /v1/transfers").query()).contains("transfer_group=po_1");
        assertThat(processor.findTransfer(null, null)).isEmpty();
    }

    @Test
    void theFeeIsTheConfiguredEstimate() {
        assertThat(processor.fee(1_000, "USD")).isEqualTo(59);
    }
}
