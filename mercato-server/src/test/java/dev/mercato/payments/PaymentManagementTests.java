package dev.mercato.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Payment attempts through the configured (simulated) processor, as other modules will use them. */
class PaymentManagementTests extends IntegrationTest {

    @Autowired
    PaymentManagement payments;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anAuthorizedPaymentIsRecordedWithItsProcessorPayment() {
        PaymentAttempt attempt = payments.authorize(authorization(key(), "tok_visa", 2_000));

        assertThat(attempt.id()).startsWith("pay_");
        assertThat(attempt.adapter()).isEqualTo("simulated");
        assertThat(attempt.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(attempt.processorPaymentId()).startsWith("sim_pi_");
        assertThat(attempt.currency()).isEqualTo("EUR");
        assertThat(attempt.metadata()).containsEntry("order", "ord_9");
        assertThat(attempt.requireAuthorized()).isSameAs(attempt);
        assertThat(payments.find(attempt.id())).contains(attempt);
    }

    @Test
    void aDeclinedPaymentIsRecordedAsFailedAndStandsForA402() {
        PaymentAttempt declined = payments.authorize(authorization(key(), "tok_decline", 2_000));
        PaymentAttempt broke = payments.authorize(authorization(key(), "tok_insufficient_funds", 2_000));

        assertThat(declined.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(declined.failureCode()).isEqualTo("card_declined");
        assertThatThrownBy(declined::requireAuthorized).isInstanceOfSatisfying(PaymentException.class, e -> {
            assertThat(e.status()).isEqualTo(402);
            assertThat(e.code()).isEqualTo("card_declined");
        });
        assertThatThrownBy(broke::requireAuthorized).isInstanceOfSatisfying(PaymentException.class,
                e -> assertThat(e.code()).isEqualTo("insufficient_funds"));
    }

    @Test
    void theOtherOutcomesStandForTheirOwnErrors() {
        PaymentAttempt action = payments.authorize(authorization(key(), "tok_requires_action", 2_000));
        PaymentAttempt error = payments.authorize(authorization(key(), "tok_processor_error", 2_000));
        PaymentAttempt timeout = payments.authorize(authorization(key(), "tok_timeout", 2_000));

        assertThat(action.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(action.nextActionUrl()).contains(action.processorPaymentId());
        assertThatThrownBy(action::requireAuthorized).isInstanceOfSatisfying(PaymentException.class, e -> {
            assertThat(e.status()).isEqualTo(402);
            assertThat(e.code()).isEqualTo("requires_action");
            assertThat(e.details()).containsEntry("next_action_url", action.nextActionUrl());
        });
        assertThat(error.status()).isEqualTo(PaymentStatus.FAILED);
        assertThatThrownBy(error::requireAuthorized).isInstanceOfSatisfying(PaymentException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("processor_error");
        });
        assertThat(timeout.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(timeout.processorPaymentId()).isNull();
        assertThatThrownBy(timeout::requireAuthorized).isInstanceOfSatisfying(PaymentException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("processor_unavailable");
        });
    }

    @Test
    void theSameKeyReturnsTheSamePaymentAndAnotherRequestUnderItIsRefused() {
        String key = key();
        PaymentAttempt first = payments.authorize(authorization(key, "tok_visa", 2_000));

        PaymentAttempt again = payments.authorize(authorization(key, "tok_visa", 2_000));

        assertThat(again).isEqualTo(first);
        assertThat(simulatedPaymentsFor(first.id())).isEqualTo(1);
        assertThatThrownBy(() -> payments.authorize(authorization(key, "tok_visa", 2_001)))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("idempotency_key_reused");
                });
    }

    @Test
    void retryingAfterATimeoutFindsTheSameProcessorPaymentInsteadOfChargingAgain() {
        String key = key();
        PaymentAttempt unknown = payments.authorize(authorization(key, "tok_timeout", 3_000));
        assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);

        PaymentAttempt retried = payments.authorize(authorization(key, "tok_timeout", 3_000));

        assertThat(retried.id()).isEqualTo(unknown.id());
        assertThat(retried.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(retried.processorPaymentId()).startsWith("sim_pi_");
        assertThat(simulatedPaymentsFor(unknown.id())).isEqualTo(1);
    }

    @Test
    void invalidInputIsRefusedBeforeAnythingIsRecorded() {
        String key = key();

        assertThatThrownBy(() -> payments.authorize(authorization(key, "tok_visa", 0)))
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("invalid_amount"));
        assertThatThrownBy(() -> payments.authorize(new PaymentAuthorization(key, 100, "euro", "tok_visa", null, null)))
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("invalid_currency"));
        assertThatThrownBy(() -> payments.authorize(authorization(" ", "tok_visa", 100)))
                .isInstanceOfSatisfying(PaymentException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_idempotency_key"));
        assertThat(jdbc.sql("SELECT count(*) FROM payment_attempts WHERE idempotency_key = :k").param("k", key)
                .query(Long.class).single()).isZero();
    }

    @Test
    void anUnknownTokenFailsTheAttemptWithTheProcessorsRefusal() {
        String key = key();

        assertThatThrownBy(() -> payments.authorize(authorization(key, "tok_bogus", 100)))
                .isInstanceOfSatisfying(PaymentException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_payment_method"));

        assertThat(jdbc.sql("SELECT status || ':' || failure_code FROM payment_attempts WHERE idempotency_key = :k")
                .param("k", key).query(String.class).single()).isEqualTo("failed:invalid_payment_method");
    }

    @Test
    void capturesThenRefundsNeverAboveWhatWasCaptured() {
        PaymentAttempt attempt = payments.authorize(authorization(key(), "tok_visa", 2_000));
        String captureKey = key();

        PaymentAttempt captured = payments.capture(attempt.id(), 1_500L, captureKey);
        PaymentAttempt capturedAgain = payments.capture(attempt.id(), 1_500L, captureKey);
        ProcessorRefund refund = payments.refund(attempt.id(), 1_000, key());

        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(captured.amountCaptured()).isEqualTo(1_500);
        assertThat(capturedAgain.amountCaptured()).isEqualTo(1_500);
        assertThat(refund.status()).isEqualTo(ProcessorRefund.Status.SUCCEEDED);
        assertThat(payments.find(attempt.id()).orElseThrow().amountRefunded()).isEqualTo(1_000);
        assertThatThrownBy(() -> payments.refund(attempt.id(), 501, key()))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("refund_exceeds_captured");
                });
        assertThat(payments.find(attempt.id()).orElseThrow().amountRefunded()).isEqualTo(1_000);
    }

    @Test
    void cancelsAnAuthorizationAndThenRefusesToCaptureIt() {
        PaymentAttempt attempt = payments.authorize(authorization(key(), "tok_visa", 2_000));

        assertThat(payments.cancel(attempt.id()).status()).isEqualTo(PaymentStatus.CANCELED);
        assertThatThrownBy(() -> payments.capture(attempt.id(), null, key()))
                .isInstanceOfSatisfying(PaymentException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("payment_not_capturable");
                });
        assertThatThrownBy(() -> payments.capture("pay_nothing", null, key()))
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("payment_not_found"));
    }

    @Test
    void aStaleAuthorizationCapturesNothingOnceTheAttemptWasCanceled() {
        PaymentAttempt authorized = payments.authorize(authorization(key(), "tok_visa", 2_000));
        payments.cancel(authorized.id());
        boolean[] settled = new boolean[1];

        assertThatThrownBy(() -> payments.capture(authorized, null, key(), captured -> settled[0] = true))
                .as("the processor, not the stale copy, decides")
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("payment_not_capturable"));
        assertThat(settled[0]).as("nothing settled").isFalse();
        PaymentAttempt now = payments.find(authorized.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(PaymentStatus.CANCELED);
        assertThat(now.amountCaptured()).isZero();
    }

    @Test
    void aCallersStepsRideInTheTransactionsThatRecordTheAttempt() {
        String key = key();
        long[] before = new long[1];
        long[] authorized = new long[1];
        long[] captured = new long[1];
        PaymentAttempt attempt = payments.authorize(authorization(key, "tok_visa", 2_000), new PaymentManagement.Alongside() {
            @Override
            public void beforeAsking(PaymentAttempt recorded) {
                before[0] = currentTransaction();
            }

            @Override
            public void authorized(PaymentAttempt recorded) {
                assertThat(recorded.status()).isEqualTo(PaymentStatus.AUTHORIZED);
                authorized[0] = currentTransaction();
            }
        });
        assertThat(before[0]).as("asked before the processor").isPositive();
        assertThat(authorized[0]).as("a second transaction: none is open while the processor is asked")
                .isNotEqualTo(before[0]);
        assertThat(attemptWrittenBy(attempt.id())).as("the authorization's record").isEqualTo(authorized[0]);

        PaymentAttempt capture = payments.capture(attempt.id(), null, key + ":capture", c -> captured[0] = currentTransaction());
        assertThat(capture.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(attemptWrittenBy(attempt.id())).as("the capture's record").isEqualTo(captured[0]);
    }

    @Test
    void capturingAtOnceRecordsTheAuthorizationAndTheCaptureInOneTransaction() {
        String key = key();
        long[] before = new long[1];
        long[] captured = new long[1];
        boolean[] authorizedAlone = new boolean[1];
        PaymentAttempt attempt = payments.authorizeAndCapture(authorization(key, "tok_visa", 2_000), key + ":capture",
                new PaymentManagement.Alongside() {
                    @Override
                    public void beforeAsking(PaymentAttempt recorded) {
                        before[0] = currentTransaction();
                    }

                    @Override
                    public void authorized(PaymentAttempt recorded) {
                        authorizedAlone[0] = true;
                    }

                    @Override
                    public void captured(PaymentAttempt recorded) {
                        assertThat(recorded.status()).isEqualTo(PaymentStatus.CAPTURED);
                        captured[0] = currentTransaction();
                    }
                });

        assertThat(attempt.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(attempt.amountCaptured()).isEqualTo(2_000);
        assertThat(authorizedAlone[0]).as("no transaction records the authorization alone").isFalse();
        assertThat(captured[0]).isPositive().isNotEqualTo(before[0]);
        assertThat(attemptWrittenBy(attempt.id())).as("the authorization and the capture, one record").isEqualTo(captured[0]);
        assertThat(simulatedPaymentsFor(attempt.id())).as("one processor call, one payment").isEqualTo(1);
        assertThatThrownBy(() -> payments.capture(attempt.id(), null, key + ":capture"))
                .as("a capture asked for afterwards captures nothing more")
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.code()).isEqualTo("payment_not_capturable"));
    }

    @Test
    void aPaymentThatNeedsTheCustomerIsNotCapturedAtOnce() {
        String key = key();
        boolean[] captured = new boolean[1];
        PaymentAttempt attempt = payments.authorizeAndCapture(authorization(key, "tok_requires_action", 2_000),
                key + ":capture", new PaymentManagement.Alongside() {
                    @Override
                    public void captured(PaymentAttempt recorded) {
                        captured[0] = true;
                    }
                });

        assertThat(attempt.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(captured[0]).isFalse();
    }

    @Test
    void eachTestTokenThroughAuthorizeAndCaptureEndsAsItsOutcome() {
        Recorder declined = new Recorder();
        Recorder broke = new Recorder();
        Recorder errored = new Recorder();
        Recorder timedOut = new Recorder();

        assertThat(authorizeAndCapture(key(), "tok_decline", declined).failureCode()).isEqualTo("card_declined");
        assertThat(authorizeAndCapture(key(), "tok_insufficient_funds", broke).failureCode()).isEqualTo("insufficient_funds");
        PaymentAttempt error = authorizeAndCapture(key(), "tok_processor_error", errored);
        PaymentAttempt timeout = authorizeAndCapture(key(), "tok_timeout", timedOut);

        assertThat(error.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(error.failureCode()).isEqualTo("processor_error");
        assertThat(timeout.status()).as("no answer is not a failure").isEqualTo(PaymentStatus.UNKNOWN);
        for (Recorder r : List.of(declined, broke, errored, timedOut)) {
            assertThat(r.calls).as("asked, then nothing recorded for the caller").containsExactly("beforeAsking");
        }
        assertThat(jdbc.sql("SELECT status FROM simulated_payments WHERE reference = :r").param("r", timeout.id())
                .query(String.class).single()).as("the unanswered call captured").isEqualTo("captured");
    }

    @Test
    void aRetryAfterATimeoutRecordsTheSameCaptureOnce() {
        String key = key();
        PaymentAttempt unknown = authorizeAndCapture(key, "tok_timeout", new Recorder());
        Recorder retry = new Recorder();

        PaymentAttempt retried = authorizeAndCapture(key, "tok_timeout", retry);

        assertThat(retried.id()).isEqualTo(unknown.id());
        assertThat(retried.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(retried.amountCaptured()).isEqualTo(2_000);
        assertThat(retry.calls).containsExactly("beforeAsking", "captured");
        assertThat(simulatedPaymentsFor(unknown.id())).isEqualTo(1);
        assertThat(authorizeAndCapture(key, "tok_timeout", new Recorder())).as("asked again: the same record")
                .isEqualTo(retried);
    }

    @Test
    void aPaymentThatRequiresActionTakesTheAuthorizationPathOnceTheCustomerActs() {
        String key = key();
        PaymentAttempt waiting = authorizeAndCapture(key, "tok_requires_action", new Recorder());
        assertThat(waiting.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        // The customer's action as the simulated processor records it, without the webhook that would
        // have the janitor record it first (SimulatedProcessorTests covers the endpoint).
        jdbc.sql("UPDATE simulated_payments SET status = 'authorized' WHERE id = :id AND status = 'requires_action'")
                .param("id", waiting.processorPaymentId()).update();
        Recorder retry = new Recorder();

        PaymentAttempt authorized = authorizeAndCapture(key, "tok_requires_action", retry);

        assertThat(authorized.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(retry.calls).as("recorded as an authorization, to capture later")
                .containsExactly("beforeAsking", "authorized");
        PaymentAttempt captured = payments.capture(authorized.id(), null, key + ":capture");
        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(captured.amountCaptured()).isEqualTo(2_000);
    }

    @Test
    void aPaymentTheProcessorCapturedByItselfAfterTheCustomersActionIsRecordedAsCaptured() {
        String key = key();
        PaymentAttempt waiting = authorizeAndCapture(key, "tok_requires_action", new Recorder());
        // What Stripe's automatic capture does once the customer authenticates: the payment is captured.
        jdbc.sql("UPDATE simulated_payments SET status = 'captured', amount_captured = amount WHERE id = :id")
                .param("id", waiting.processorPaymentId()).update();
        Recorder retry = new Recorder();

        PaymentAttempt captured = authorizeAndCapture(key, "tok_requires_action", retry);

        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(retry.calls).as("settled as captured, never captured again").containsExactly("beforeAsking", "captured");
    }

    @Test
    void anAttemptFirstAskedToAuthorizeAloneIsAskedAgainAsItWasAndCapturedAtOnce() {
        String key = key();
        PaymentAttempt inFlight = payments.authorize(authorization(key, "tok_timeout", 2_000));
        assertThat(inFlight.status()).isEqualTo(PaymentStatus.UNKNOWN);
        Recorder retry = new Recorder();

        PaymentAttempt captured = authorizeAndCapture(key, "tok_timeout", retry);

        assertThat(captured.id()).isEqualTo(inFlight.id());
        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(retry.calls).containsExactly("beforeAsking", "captured");
        assertThat(simulatedPaymentsFor(inFlight.id())).as("the same authorization, never a second payment").isEqualTo(1);
    }

    @Test
    void aCallerWhoPricesThePaymentInTheAttemptsTransactionReadsThereAndMayAskForNone() {
        String key = key();
        long[] priced = new long[1];
        long[] before = new long[1];
        PaymentAttempt attempt = payments.authorizeAndCapture(() -> {
            priced[0] = currentTransaction();
            return authorization(key, "tok_visa", 2_000);
        }, key + ":capture", new PaymentManagement.Alongside() {
            @Override
            public void beforeAsking(PaymentAttempt recorded) {
                before[0] = currentTransaction();
            }
        });

        assertThat(attempt.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(priced[0]).as("priced in the transaction that records the attempt").isPositive().isEqualTo(before[0]);
        Recorder none = new Recorder();
        assertThat(payments.authorizeAndCapture(() -> null, key() + ":capture", none)).isNull();
        assertThat(none.calls).isEmpty();
    }

    /** Which of the caller's steps ran, in order. */
    private static final class Recorder implements PaymentManagement.Alongside {
        final List<String> calls = new java.util.ArrayList<>();

        @Override
        public void beforeAsking(PaymentAttempt attempt) {
            calls.add("beforeAsking");
        }

        @Override
        public void authorized(PaymentAttempt attempt) {
            calls.add("authorized");
        }

        @Override
        public void captured(PaymentAttempt attempt) {
            calls.add("captured");
        }
    }

    private PaymentAttempt authorizeAndCapture(String key, String token, PaymentManagement.Alongside alongside) {
        return payments.authorizeAndCapture(authorization(key, token, 2_000), key + ":capture", alongside);
    }

    @Test
    void whenTheCallersStepFailsTheAttemptsRecordRollsBackWithIt() {
        String refusedBefore = key();
        assertThatThrownBy(() -> payments.authorize(authorization(refusedBefore, "tok_visa", 2_000),
                new PaymentManagement.Alongside() {
                    @Override
                    public void beforeAsking(PaymentAttempt attempt) {
                        throw new IllegalStateException("the order cannot be paid");
                    }
                })).hasMessageContaining("cannot be paid");
        assertThat(jdbc.sql("SELECT count(*) FROM payment_attempts WHERE idempotency_key = :k").param("k", refusedBefore)
                .query(Long.class).single()).as("no attempt, so the processor was never asked").isZero();

        String refusedAfter = key();
        assertThatThrownBy(() -> payments.authorize(authorization(refusedAfter, "tok_visa", 2_000),
                new PaymentManagement.Alongside() {
                    @Override
                    public void authorized(PaymentAttempt attempt) {
                        throw new IllegalStateException("the ledger refused the hold");
                    }
                })).hasMessageContaining("refused the hold");
        assertThat(jdbc.sql("SELECT status FROM payment_attempts WHERE idempotency_key = :k").param("k", refusedAfter)
                .query(String.class).single()).as("left for the janitor to reconcile, as after a crash").isEqualTo("pending");
    }

    private long currentTransaction() {
        return jdbc.sql("SELECT txid_current() % 4294967296").query(Long.class).single();
    }

    private long attemptWrittenBy(String id) {
        return jdbc.sql("SELECT xmin::text::bigint FROM payment_attempts WHERE id = :id").param("id", id).query(Long.class)
                .single();
    }

    private static PaymentAuthorization authorization(String key, String token, long amount) {
        return new PaymentAuthorization(key, amount, "eur", token, Map.of("order", "ord_9"), "ord_9");
    }

    private long simulatedPaymentsFor(String reference) {
        return jdbc.sql("SELECT count(*) FROM simulated_payments WHERE reference = :r").param("r", reference)
                .query(Long.class).single();
    }

    private static String key() {
        return "test-" + UUID.randomUUID();
    }
}
