package dev.mercato.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.payments.internal.PaymentAttempts;
import dev.mercato.payments.internal.PaymentJanitor;
import dev.mercato.platform.Ids;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.ProcessorCrashes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The janitor settles payments whose outcome Mercato never learned. The clock is shared with every
 * other integration test, so these tests only move it forward and never compare with real time.
 */
class PaymentJanitorTests extends IntegrationTest {

    @Autowired
    PaymentManagement payments;
    @Autowired
    PaymentJanitor janitor;
    @Autowired
    PaymentAttempts attempts;
    @Autowired
    MercatoClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConfigurableApplicationContext context;

    RecordedEvents<PaymentReconciled> reconciled;

    @BeforeEach
    void record() {
        reconciled = RecordedEvents.of(PaymentReconciled.class, context);
    }

    @AfterEach
    void stopRecording() {
        reconciled.close();
    }

    @Test
    void aTimedOutAuthorizationIsFoundAuthorizedAndReportedOnce() throws InterruptedException {
        PaymentAttempt unknown = payments.authorize(authorization("tok_timeout"));
        assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);

        janitor.reconcileDue();
        assertThat(payments.find(unknown.id()).orElseThrow().status())
                .as("not looked at before it is a minute old").isEqualTo(PaymentStatus.UNKNOWN);

        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();

        PaymentAttempt settled = awaitStatus(unknown.id(), PaymentStatus.AUTHORIZED);
        assertThat(settled.processorPaymentId()).startsWith("sim_pi_");
        List<RecordedEvents.Recorded<PaymentReconciled>> events =
                reconciled.await(e -> e.paymentId().equals(unknown.id()), Duration.ofSeconds(5));
        assertThat(events).hasSize(1);
        PaymentReconciled event = events.getFirst().event();
        assertThat(event.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(event.processorPaymentId()).isEqualTo(settled.processorPaymentId());
        assertThat(event.amount()).isEqualTo(4_200);
        assertThat(events.getFirst().inTransaction()).isTrue();

        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();
        assertThat(reconciled.matching(e -> e.paymentId().equals(unknown.id()))).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM simulated_payments WHERE reference = :r").param("r", unknown.id())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCapturedPaymentSettlesAsCapturedWhenItsCaptureWasNeverConfirmed() throws InterruptedException {
        PaymentAttempt attempt = payments.authorize(authorization("tok_visa"));
        processors().capture(attempt.processorPaymentId(), null, "behind-mercatos-back-" + UUID.randomUUID());
        attempts.markUnknown(attempt.id(), "the capture timed out", clock.instant(), clock.instant());

        clock.advance(Duration.ofSeconds(1));
        janitor.reconcileDue();

        PaymentAttempt settled = awaitStatus(attempt.id(), PaymentStatus.CAPTURED);
        assertThat(settled.amountCaptured()).isEqualTo(4_200);
        assertThat(reconciled.await(e -> e.paymentId().equals(attempt.id()), Duration.ofSeconds(5)))
                .extracting(r -> r.event().status()).containsExactly(PaymentStatus.CAPTURED);
    }

    @Test
    void aPaymentTheProcessorNeverSawFailsAsNotProcessedOnceTheWaitIsOver() throws InterruptedException {
        Instant now = clock.instant();
        PaymentAttempt crashed = new PaymentAttempt(Ids.next("pay", clock), "simulated", null, 900, "USD", 0, 0,
                PaymentStatus.PENDING, null, null, null, "crash-" + UUID.randomUUID(), null, Map.of(), now, now);
        attempts.insert(crashed, new byte[] {1}, now);

        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();
        assertThat(payments.find(crashed.id()).orElseThrow().status())
                .as("the processor may still be working on it").isEqualTo(PaymentStatus.PENDING);

        clock.advance(Duration.ofMinutes(15));
        janitor.reconcileDue();

        PaymentAttempt failed = awaitStatus(crashed.id(), PaymentStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("not_processed");
        assertThat(reconciled.await(e -> e.paymentId().equals(crashed.id()), Duration.ofSeconds(5)))
                .extracting(r -> r.event().failureCode()).containsExactly("not_processed");
    }

    @Test
    void anAuthenticationTheCustomerNeverCompletesIsCanceled() throws InterruptedException {
        PaymentAttempt waiting = payments.authorize(authorization("tok_requires_action"));
        assertThat(waiting.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);

        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();
        assertThat(payments.find(waiting.id()).orElseThrow().status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);

        clock.advance(Duration.ofHours(24));
        janitor.reconcileDue();

        PaymentAttempt canceled = awaitStatus(waiting.id(), PaymentStatus.CANCELED);
        assertThat(canceled.failureCode()).isEqualTo("action_abandoned");
        assertThat(processors().retrieve(waiting.processorPaymentId()).orElseThrow().status())
                .isEqualTo(PaymentStatus.CANCELED);
    }

    @Test
    void aPaymentCapturedInOneCallWhoseAnswerWasLostIsFoundByReferenceAndSettlesAsCapturedOnce()
            throws InterruptedException {
        PaymentAuthorization request = authorization("tok_visa");
        ProcessorCrashes.arm(ProcessorCrashes.Call.AUTHORIZE_AND_CAPTURE, ProcessorCrashes.When.AFTER);
        try {
            assertThatThrownBy(() -> payments.authorizeAndCapture(request, request.idempotencyKey() + ":capture",
                    PaymentManagement.Alongside.NONE)).isInstanceOf(ProcessorCrashes.Crash.class);
        } finally {
            ProcessorCrashes.disarm();
        }
        String id = jdbc.sql("SELECT id FROM payment_attempts WHERE idempotency_key = :k")
                .param("k", request.idempotencyKey()).query(String.class).single();
        assertThat(payments.find(id).orElseThrow().status()).as("the crash left the attempt as written before the call")
                .isEqualTo(PaymentStatus.PENDING);

        clock.advance(Duration.ofMinutes(2));
        janitor.reconcileDue();

        PaymentAttempt settled = awaitStatus(id, PaymentStatus.CAPTURED);
        assertThat(settled.amountCaptured()).isEqualTo(4_200);
        assertThat(reconciled.await(e -> e.paymentId().equals(id), Duration.ofSeconds(5)))
                .extracting(r -> r.event().status()).containsExactly(PaymentStatus.CAPTURED);
        assertThat(jdbc.sql("SELECT count(*) FROM simulated_payments WHERE reference = :r").param("r", id)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(payments.authorizeAndCapture(request, request.idempotencyKey() + ":capture",
                PaymentManagement.Alongside.NONE)).as("the buyer retrying gets the same payment").isEqualTo(settled);
    }

    private PaymentProcessor processors() {
        return context.getBean(PaymentProcessors.class).get("simulated");
    }

    /** The scheduled janitor may take an attempt first; either way it settles within moments. */
    private PaymentAttempt awaitStatus(String id, PaymentStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        PaymentAttempt attempt = payments.find(id).orElseThrow();
        while (attempt.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(20);
            attempt = payments.find(id).orElseThrow();
        }
        assertThat(attempt.status()).isEqualTo(status);
        return attempt;
    }

    private static PaymentAuthorization authorization(String token) {
        return new PaymentAuthorization("test-" + UUID.randomUUID(), 4_200, "USD", token, Map.of(), null);
    }
}
