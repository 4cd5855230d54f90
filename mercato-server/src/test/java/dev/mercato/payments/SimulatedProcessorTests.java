package dev.mercato.payments;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.testing.Api;
import dev.mercato.testing.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The simulated processor through the port: every test token, idempotency, captures, refunds, transfers. */
class SimulatedProcessorTests extends IntegrationTest {

    @Autowired
    PaymentProcessors processors;
    @Autowired
    JdbcClient jdbc;

    PaymentProcessor simulated;

    @BeforeEach
    void processor() {
        simulated = processors.get("simulated");
    }

    @Test
    void tokVisaAuthorizesWithoutCapturing() {
        ProcessorPayment payment = authorize("tok_visa", 1_000);

        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(payment.id()).startsWith("sim_pi_");
        assertThat(payment.amount()).isEqualTo(1_000);
        assertThat(payment.currency()).isEqualTo("USD");
        assertThat(payment.amountCaptured()).isZero();
        assertThat(simulated.retrieve(payment.id())).contains(payment);
    }

    @Test
    void tokDeclineAndTokInsufficientFundsFailWithTheirCodes() {
        ProcessorPayment declined = authorize("tok_decline", 1_000);
        ProcessorPayment broke = authorize("tok_insufficient_funds", 1_000);

        assertThat(declined.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(declined.failureCode()).isEqualTo("card_declined");
        assertThat(declined.failureMessage()).isNotBlank();
        assertThat(broke.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(broke.failureCode()).isEqualTo("insufficient_funds");
        assertThatThrownBy(() -> simulated.capture(declined.id(), null, key()))
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("payment_not_capturable"));
    }

    @Test
    void tokRequiresActionWaitsForTheCustomerThenAuthorizes() {
        ProcessorPayment waiting = authorize("tok_requires_action", 2_500);
        assertThat(waiting.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(waiting.nextActionUrl()).endsWith("/v1/simulated-processor/payments/" + waiting.id() + "/authenticate");

        Api.Response completed = admin().post("/v1/simulated-processor/payments/" + waiting.id() + "/authenticate", Map.of());

        assertThat(completed.status()).as(completed.body().toString()).isEqualTo(200);
        assertThat(completed.body().path("payment").path("status").asString()).isEqualTo("authorized");
        assertThat(completed.body().path("event").path("type").asString()).isEqualTo("payment.authorized");
        assertThat(completed.body().path("event").path("delivered").asBoolean()).isTrue();
        assertThat(simulated.retrieve(waiting.id()).orElseThrow().status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertProblem(admin().post("/v1/simulated-processor/payments/" + waiting.id() + "/authenticate", Map.of()),
                409, "payment_not_awaiting_action");
    }

    @Test
    void tokProcessorErrorFailsAndAuthorizesNothing() {
        String reference = "pay_ref_" + UUID.randomUUID();
        ProcessorPayment failed = simulated.authorize(request("tok_processor_error", 1_000, key(), reference));

        assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("processor_error");
        assertThat(failed.id()).isNull();
        assertThat(simulated.findByReference(reference)).isEmpty();
    }

    @Test
    void tokTimeoutAnswersUnknownButTheAuthorizationHappened() {
        assertThat(timedOutButMade(simulated::authorize).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    }

    /**
     * A tok_timeout call answers UNKNOWN, yet the payment was made: found by reference, and the
     * same call again answers it, making no second one. Returns it.
     */
    private ProcessorPayment timedOutButMade(java.util.function.Function<AuthorizationRequest, ProcessorPayment> call) {
        String key = key();
        String reference = "pay_ref_" + UUID.randomUUID();

        ProcessorPayment answer = call.apply(request("tok_timeout", 1_000, key, reference));

        assertThat(answer.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(answer.id()).isNull();
        assertThat(answer.failureCode()).isEqualTo("processor_unavailable");
        ProcessorPayment found = simulated.findByReference(reference).orElseThrow();
        assertThat(call.apply(request("tok_timeout", 1_000, key, reference))).isEqualTo(found);
        assertThat(paymentsWithReference(reference)).isEqualTo(1);
        return found;
    }

    @Test
    void anUnknownTokenIsRefused() {
        assertThatThrownBy(() -> authorize("tok_mastercard_gold", 1_000))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_payment_method");
                });
    }

    @Test
    void theSameKeyAndParametersNeverAuthorizeTwice() {
        assertOnePaymentPerKey(simulated::authorize);
    }

    /** The same key and parameters answer the same payment, made once; other parameters are refused. */
    private void assertOnePaymentPerKey(java.util.function.Function<AuthorizationRequest, ProcessorPayment> call) {
        String key = key();
        String reference = "pay_ref_" + UUID.randomUUID();

        ProcessorPayment first = call.apply(request("tok_visa", 1_000, key, reference));
        ProcessorPayment again = call.apply(request("tok_visa", 1_000, key, reference));

        assertThat(again).isEqualTo(first);
        assertThat(paymentsWithReference(reference)).isEqualTo(1);
        assertThatThrownBy(() -> call.apply(request("tok_visa", 2_000, key, reference)))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("idempotency_key_reused");
                });
    }

    @Test
    void capturesPartOfAnAuthorizationOnceUnderOneKey() {
        ProcessorPayment payment = authorize("tok_visa", 1_000);
        String key = key();

        ProcessorPayment captured = simulated.capture(payment.id(), 600L, key);
        ProcessorPayment replayed = simulated.capture(payment.id(), 600L, key);

        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(captured.amountCaptured()).isEqualTo(600);
        assertThat(replayed).isEqualTo(captured);
        assertThatThrownBy(() -> simulated.capture(payment.id(), 400L, key()))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("payment_not_capturable");
                });
        assertThat(simulated.retrieve(payment.id()).orElseThrow().amountCaptured()).isEqualTo(600);
    }

    @Test
    void refusesToCaptureMoreThanWasAuthorized() {
        ProcessorPayment payment = authorize("tok_visa", 1_000);

        assertThatThrownBy(() -> simulated.capture(payment.id(), 1_001L, key()))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("capture_exceeds_authorized");
                });
        assertThat(simulated.retrieve(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(simulated.capture(payment.id(), null, key()).amountCaptured()).isEqualTo(1_000);
    }

    @Test
    void refundsInPartsOncePerKeyAndNeverAboveWhatWasCaptured() {
        ProcessorPayment payment = authorize("tok_visa", 1_000);
        simulated.capture(payment.id(), 800L, key());
        String key = key();

        ProcessorRefund first = simulated.refund(payment.id(), 300, key);
        ProcessorRefund replayed = simulated.refund(payment.id(), 300, key);
        ProcessorRefund second = simulated.refund(payment.id(), 400, key());

        assertThat(first.status()).isEqualTo(ProcessorRefund.Status.SUCCEEDED);
        assertThat(replayed).isEqualTo(first);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(simulated.retrieve(payment.id()).orElseThrow().amountRefunded()).isEqualTo(700);
        assertThatThrownBy(() -> simulated.refund(payment.id(), 101, key()))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("refund_exceeds_captured");
                    assertThat(e.getMessage()).contains("100");
                });
        assertThat(simulated.retrieve(payment.id()).orElseThrow().amountRefunded()).isEqualTo(700);
        assertThat(simulated.refund(payment.id(), 100, key()).status()).isEqualTo(ProcessorRefund.Status.SUCCEEDED);
    }

    @Test
    void refusesToRefundAPaymentNotCaptured() {
        ProcessorPayment payment = authorize("tok_visa", 1_000);

        assertThatThrownBy(() -> simulated.refund(payment.id(), 100, key()))
                .isInstanceOfSatisfying(PaymentException.class,
                        e -> assertThat(e.code()).isEqualTo("payment_not_refundable"));
    }

    @Test
    void cancelingReleasesTheAuthorization() {
        ProcessorPayment payment = authorize("tok_visa", 1_000);

        ProcessorPayment canceled = simulated.cancel(payment.id(), key());

        assertThat(canceled.status()).isEqualTo(PaymentStatus.CANCELED);
        assertThatThrownBy(() -> simulated.capture(payment.id(), null, key()))
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("payment_not_capturable"));
    }

    @Test
    void onboardsSellersAtOnceAndPaysTransfersFromACapturedPayment() {
        ConnectedAccount seller = simulated.createConnectedAccount(
                new ConnectedAccountRequest("usr_seller", "seller@example.com", "US", key()));
        ProcessorPayment payment = authorize("tok_visa", 1_000);
        simulated.capture(payment.id(), null, key());
        String key = key();

        ProcessorTransfer transfer = simulated.transfer(new TransferRequest(seller.id(), 700, "usd", key, "ord_1",
                payment.id(), Map.of()));
        ProcessorTransfer replayed = simulated.transfer(new TransferRequest(seller.id(), 700, "usd", key, "ord_1",
                payment.id(), Map.of()));

        assertThat(seller.ready()).isTrue();
        assertThat(simulated.retrieveConnectedAccount(seller.id())).isEqualTo(seller);
        assertThat(simulated.onboardingLink(seller.id(), "https://example.com/r", "https://example.com/d").url())
                .endsWith("/v1/simulated-processor/accounts/" + seller.id() + "/onboarding");
        assertThat(transfer.status()).isEqualTo(ProcessorTransfer.Status.PAID);
        assertThat(transfer.currency()).isEqualTo("USD");
        assertThat(replayed).isEqualTo(transfer);
        assertThatThrownBy(() -> simulated.transfer(new TransferRequest(seller.id(), 301, "USD", key(), "ord_1",
                payment.id(), Map.of())))
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("transfer_exceeds_source"));
        assertThat(simulated.transfer(new TransferRequest(seller.id(), 300, "USD", key(), "ord_1", payment.id(),
                Map.of())).status()).isEqualTo(ProcessorTransfer.Status.PAID);
    }

    @Test
    void aTransferToAnUnknownAccountIsRefused() {
        assertThatThrownBy(() -> simulated.transfer(new TransferRequest("sim_acct_nobody", 100, "USD", key(), null, null,
                Map.of())))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("account_not_found");
                });
    }

    @Test
    void theFeeIsTheConfiguredPercentagePlusFixedPart() {
        assertThat(simulated.fee(1_000, "USD")).isEqualTo(59);
        assertThat(simulated.fee(500, "USD")).isEqualTo(45);
    }

    @Test
    void operatorsPayWithATokenOverHttpAndDeclinesAreProblems() {
        Api.Response paid = admin().post("/v1/simulated-processor/payments",
                Map.of("amount", 1_500, "currency", "usd", "payment_method", "tok_visa", "capture", true));
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(201);
        assertThat(paid.text("status")).isEqualTo("captured");
        assertThat(paid.number("amount_captured")).isEqualTo(1_500);

        assertProblem(admin().post("/v1/simulated-processor/payments",
                Map.of("amount", 1_500, "currency", "usd", "payment_method", "tok_decline")), 402, "card_declined");
        assertProblem(admin().post("/v1/simulated-processor/payments",
                Map.of("amount", 1_500, "currency", "usd", "payment_method", "tok_insufficient_funds")), 402,
                "insufficient_funds");
        assertProblem(admin().post("/v1/simulated-processor/payments",
                Map.of("amount", 1_500, "currency", "usd", "payment_method", "tok_processor_error")), 502, "processor_error");
        assertProblem(admin().post("/v1/simulated-processor/payments",
                Map.of("amount", 1_500, "currency", "usd", "payment_method", "tok_timeout")), 503, "processor_unavailable");
        assertProblem(admin().post("/v1/simulated-processor/payments",
                Map.of("amount", 0, "currency", "usd", "payment_method", "tok_visa")), 400, "invalid_amount");
    }

    @Test
    void onlyAnAdminMayDriveTheSimulatedProcessor() {
        Api.Client user = new dev.mercato.testing.HttpFixtures(api, admin()).newUserClient();

        assertProblem(user.post("/v1/simulated-processor/payments",
                Map.of("amount", 1_500, "currency", "usd", "payment_method", "tok_visa")), 403, "forbidden");
        assertProblem(api.anonymous().post("/v1/simulated-processor/payments",
                Map.of("amount", 1_500, "currency", "usd", "payment_method", "tok_visa")), 401, "authentication_required");
    }

    @Test
    void tokVisaIsAuthorizedAndCapturedInOneTransactionUnderOneIdempotencyRow() {
        String key = key();
        String reference = "pay_ref_" + UUID.randomUUID();

        ProcessorPayment payment = simulated.authorizeAndCapture(request("tok_visa", 1_000, key, reference));

        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.id()).startsWith("sim_pi_");
        assertThat(payment.amountCaptured()).isEqualTo(1_000);
        assertThat(simulated.retrieve(payment.id())).contains(payment);
        assertThat(simulated.findByReference(reference)).contains(payment);
        assertThat(jdbc.sql("SELECT count(*) FROM simulated_requests WHERE idempotency_key LIKE :k || '%'").param("k", key)
                .query(Long.class).single()).as("one idempotency row, no capture key of its own").isEqualTo(1);
        assertThat(writtenBy("simulated_payments", "id", payment.id()))
                .as("the payment and its idempotency row, one transaction")
                .isEqualTo(writtenBy("simulated_requests", "idempotency_key", key));
        assertThatThrownBy(() -> simulated.capture(payment.id(), null, key()))
                .as("nothing is left to capture").isInstanceOfSatisfying(PaymentException.class,
                        e -> assertThat(e.code()).isEqualTo("payment_not_capturable"));
    }

    @Test
    void authorizingAndCapturingUnderTheSameKeyAgainReturnsTheSamePaymentAndChargesOnce() {
        assertOnePaymentPerKey(simulated::authorizeAndCapture);
        String key = key();
        String reference = "pay_ref_" + UUID.randomUUID();
        simulated.authorizeAndCapture(request("tok_visa", 1_000, key, reference));
        assertThatThrownBy(() -> simulated.authorize(request("tok_visa", 1_000, key, reference)))
                .as("the key of a one-call payment is not an authorization's")
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
        String authorizeKey = key();
        simulated.authorize(request("tok_visa", 1_000, authorizeKey, reference));
        assertThatThrownBy(() -> simulated.authorizeAndCapture(request("tok_visa", 1_000, authorizeKey, reference)))
                .as("nor the other way round: never a second payment under one key")
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
        assertThat(paymentsWithReference(reference)).isEqualTo(2);
    }

    @Test
    void declinesAndProcessorErrorsFailTheOneCallAndCaptureNothing() {
        String reference = "pay_ref_" + UUID.randomUUID();
        ProcessorPayment declined = simulated.authorizeAndCapture(request("tok_decline", 1_000, key(), reference));
        ProcessorPayment broke = simulated.authorizeAndCapture(request("tok_insufficient_funds", 1_000, key(), reference));
        String erroredReference = "pay_ref_" + UUID.randomUUID();
        ProcessorPayment errored = simulated.authorizeAndCapture(request("tok_processor_error", 1_000, key(),
                erroredReference));

        assertThat(declined.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(declined.failureCode()).isEqualTo("card_declined");
        assertThat(declined.amountCaptured()).isZero();
        assertThat(broke.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(broke.failureCode()).isEqualTo("insufficient_funds");
        assertThat(errored.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(errored.failureCode()).isEqualTo("processor_error");
        assertThat(errored.id()).isNull();
        assertThat(simulated.findByReference(erroredReference)).isEmpty();
        assertThat(jdbc.sql("SELECT coalesce(sum(amount_captured), 0) FROM simulated_payments WHERE reference = :r")
                .param("r", reference).query(Long.class).single()).isZero();
    }

    @Test
    void aPaymentThatRequiresActionIsAuthorizedOnceTheCustomerActsAndCapturedLater() {
        ProcessorPayment waiting = simulated.authorizeAndCapture(request("tok_requires_action", 2_500, key(),
                "pay_ref_" + UUID.randomUUID()));
        assertThat(waiting.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(waiting.amountCaptured()).isZero();
        assertThat(waiting.nextActionUrl()).endsWith("/v1/simulated-processor/payments/" + waiting.id() + "/authenticate");

        Api.Response completed = admin().post("/v1/simulated-processor/payments/" + waiting.id() + "/authenticate", Map.of());

        assertThat(completed.body().path("payment").path("status").asString()).isEqualTo("authorized");
        ProcessorPayment captured = simulated.capture(waiting.id(), null, key());
        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(captured.amountCaptured()).isEqualTo(2_500);
    }

    @Test
    void aTimedOutOneCallCapturedThePaymentAndIsFoundByReference() {
        ProcessorPayment found = timedOutButMade(simulated::authorizeAndCapture);

        assertThat(found.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(found.amountCaptured()).isEqualTo(1_000);
    }

    private long writtenBy(String table, String column, String value) {
        return jdbc.sql("SELECT xmin::text::bigint FROM " + table + " WHERE " + column + " = :v").param("v", value)
                .query(Long.class).single();
    }

    private ProcessorPayment authorize(String token, long amount) {
        return simulated.authorize(request(token, amount, key(), "pay_ref_" + UUID.randomUUID()));
    }

    private static AuthorizationRequest request(String token, long amount, String key, String reference) {
        return new AuthorizationRequest(amount, "usd", token, key, reference, Map.of("order", "ord_1"), "ord_1");
    }

    private long paymentsWithReference(String reference) {
        return jdbc.sql("SELECT count(*) FROM simulated_payments WHERE reference = :r").param("r", reference)
                .query(Long.class).single();
    }

    private static String key() {
        return "test-" + UUID.randomUUID();
    }
}
