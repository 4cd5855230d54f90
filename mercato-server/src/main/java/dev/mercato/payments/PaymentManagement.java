package dev.mercato.payments;

import dev.mercato.payments.internal.PaymentAttempts;
import dev.mercato.payments.internal.PaymentsProperties;
import dev.mercato.platform.Ids;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payments for other modules: authorize through the configured processor, then capture, cancel or
 * refund. Each payment is a {@link PaymentAttempt} ({@code pay_…}) written in a transaction of its
 * own BEFORE the processor is called and updated after, so a timeout or a crash in between leaves
 * a row that the janitor reconciles with the processor — a payment is never charged twice (the
 * processor sees one idempotency key per attempt) and never left hanging.
 *
 * <p>Processor calls are made outside any transaction of this class; call these methods outside
 * your own transaction too, and react to the outcome (or to {@link PaymentReconciled}) in yours.
 * A caller whose own step belongs right before or right after a processor call hands it in as
 * {@link Alongside} work: it is done in the transaction that records the attempt, so the payment
 * costs no commit of its own (the checkout's order steps ride in them).
 */
@Service
public class PaymentManagement {

    private static final Logger log = LoggerFactory.getLogger(PaymentManagement.class);
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

    private final PaymentAttempts attempts;
    private final PaymentProcessors processors;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final PaymentsProperties properties;

    PaymentManagement(PaymentAttempts attempts, PaymentProcessors processors, PlatformTransactionManager transactions,
            Clock clock, PaymentsProperties properties) {
        this.attempts = attempts;
        this.processors = processors;
        this.ownTransaction = new TransactionTemplate(transactions);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * A caller's database work done inside this class's transactions, never around a processor
     * call. It always runs after the attempt's own write in that transaction, so every such
     * transaction locks the attempt's row before the caller's rows (no deadlock between two calls
     * for one payment). If it throws, the transaction rolls back with the attempt's record, and the
     * error reaches the caller; an answer the processor gave is then reconciled by the janitor, as
     * after a crash.
     */
    public interface Alongside {

        Alongside NONE = new Alongside() {
        };

        /**
         * In the transaction that records the attempt before the processor is asked (also on a
         * retry); throwing here refuses the payment before the processor hears of it.
         */
        default void beforeAsking(PaymentAttempt attempt) {
        }

        /** In the transaction that records an authorization the processor granted (not a refusal). */
        default void authorized(PaymentAttempt attempt) {
        }

        /**
         * In the transaction that records an authorization captured at once
         * ({@link #authorizeAndCapture}): the authorization and the capture are recorded together.
         */
        default void captured(PaymentAttempt attempt) {
        }
    }

    /** {@link #authorize(PaymentAuthorization, Alongside)} with no work of the caller's. */
    public PaymentAttempt authorize(PaymentAuthorization request) {
        return authorize(request, Alongside.NONE);
    }

    /**
     * Authorizes a payment. The same idempotency key and request return the same attempt; if its
     * outcome was unknown, the processor is asked again under the same processor key, which never
     * charges twice. A declined or failed payment is returned with status {@code FAILED} and its
     * code; {@link PaymentAttempt#requireAuthorized()} turns it into the matching error.
     *
     * @throws PaymentException for invalid input or a key reused with a different request; nothing is charged
     */
    public PaymentAttempt authorize(PaymentAuthorization request, Alongside alongside) {
        return authorize(() -> request, alongside, null);
    }

    /**
     * {@link #authorize(PaymentAuthorization, Alongside)}, but the processor authorizes and captures
     * all of it in one call ({@link PaymentProcessor#authorizeAndCapture}), and the authorization and
     * the capture are recorded in one transaction with the caller's {@link Alongside#captured}
     * work. Only the attempt's row written before the processor is asked guards the call: a crash
     * after it leaves that row pending, and the janitor asks the processor (by Mercato's reference)
     * what became of it. What the call does not capture is recorded as
     * {@link #authorize(PaymentAuthorization, Alongside)} records it ({@link Alongside#authorized})
     * for the caller to capture with {@link #capture} under {@code captureKey}: a payment the
     * customer must first act on (3-D Secure) and that the processor then holds authorized, or an
     * authorization an adapter could not capture at once. A payment found captured after the
     * customer acted is recorded as captured ({@link Alongside#captured}). Only the caller who alone
     * may ask for this payment (it claimed what is paid for before the processor is asked) should
     * capture at once: two callers authorizing for one purchase would each be charged.
     */
    public PaymentAttempt authorizeAndCapture(PaymentAuthorization request, String captureKey, Alongside alongside) {
        IdempotentRequests.requireKey(captureKey);
        return authorize(() -> request, alongside, captureKey);
    }

    /**
     * {@link #authorizeAndCapture(PaymentAuthorization, String, Alongside)} for a caller who prices
     * the payment from its own rows: {@code request} is called first in the transaction that records
     * the attempt, so the caller's read rides in it instead of a round trip of its own. It must only
     * read (it runs before the attempt's row is locked; see {@link Alongside}), and returns null
     * when no payment is to be asked for: then nothing is written and this returns null.
     */
    public PaymentAttempt authorizeAndCapture(Supplier<PaymentAuthorization> request, String captureKey,
            Alongside alongside) {
        IdempotentRequests.requireKey(captureKey);
        return authorize(request, alongside, captureKey);
    }

    /** The attempt recorded for a request, the request, and whether this call created the attempt. */
    private record Recorded(PaymentAttempt attempt, PaymentAuthorization request, boolean fresh) {
    }

    private PaymentAttempt authorize(Supplier<PaymentAuthorization> priced, Alongside alongside, String captureKey) {
        Recorded recorded = inOwnTransaction(() -> {
            PaymentAuthorization request = priced.get();
            if (request == null) {
                return null;
            }
            validate(request);
            String currency = request.currency().toUpperCase();
            byte[] hash = IdempotentRequests.fingerprint(request.amount(), currency, request.paymentMethod(),
                    new TreeMap<>(request.metadata()), request.transferGroup());
            Instant now = clock.instant();
            PaymentAttempt candidate = new PaymentAttempt(Ids.next("pay", clock), processors.active().name(), null,
                    request.amount(), currency, 0, 0, PaymentStatus.PENDING, null, null, null, request.idempotencyKey(),
                    request.transferGroup(), request.metadata(), now, now);
            boolean fresh = attempts.insert(candidate, hash, now.plus(properties.janitor().minAge()));
            PaymentAttempt attempt = candidate;
            if (!fresh) {
                PaymentAttempts.Keyed existing = attempts.findByKey(request.idempotencyKey()).orElseThrow();
                if (!MessageDigest.isEqual(existing.requestHash(), hash)) {
                    throw PaymentException.unprocessable("idempotency_key_reused",
                            "this idempotency key was already used for a different payment");
                }
                attempt = existing.attempt();
            }
            alongside.beforeAsking(attempt);
            return new Recorded(attempt, request, fresh);
        });
        if (recorded == null) {
            return null;
        }
        PaymentAttempt attempt = recorded.attempt();
        PaymentAuthorization request = recorded.request();
        if (attempt.status() == PaymentStatus.REQUIRES_ACTION && attempt.processorPaymentId() != null) {
            // Asked again after the customer's 3-D Secure step: the processor knows how it ended.
            PaymentProcessor processor = processors.get(attempt.adapter());
            return processor.retrieve(attempt.processorPaymentId())
                    .filter(truth -> truth.status() != PaymentStatus.REQUIRES_ACTION)
                    .map(truth -> captureKey != null && truth.status() == PaymentStatus.CAPTURED
                            ? recordCapture(attempt, truth, alongside)
                            : recordAuthorization(attempt, truth, alongside))
                    .orElse(attempt);
        }
        if (attempt.status() != PaymentStatus.PENDING && attempt.status() != PaymentStatus.UNKNOWN) {
            return attempt;
        }
        PaymentProcessor processor = processors.get(attempt.adapter());
        AuthorizationRequest call = new AuthorizationRequest(attempt.amount(), attempt.currency(),
                request.paymentMethod(), attempt.id() + ":authorize", attempt.id(), attempt.metadata(),
                attempt.transferGroup());
        ProcessorPayment answer;
        try {
            answer = captureKey == null ? ask(() -> processor.authorize(call), attempt)
                    : authorizeAndCaptureOnce(processor, call, attempt, recorded.fresh(), captureKey);
        } catch (PaymentException refused) {
            inOwnTransaction(() -> {
                attempts.markFailed(attempt.id(), refused.code(), refused.getMessage(), clock.instant());
                return null;
            });
            throw refused;
        }
        if (captureKey != null && answer.status() == PaymentStatus.CAPTURED) {
            return recordCapture(attempt, answer, alongside);
        }
        return recordAuthorization(attempt, answer, alongside);
    }

    /**
     * The processor's one call that authorizes and captures. An attempt first asked by the two-call
     * path (an attempt in flight when this path replaced it) holds the authorize key there: the
     * processor refuses the key for the other operation, so that attempt is asked again as it was
     * asked (same key: the same authorization), and its fresh authorization captured at once.
     */
    private static ProcessorPayment authorizeAndCaptureOnce(PaymentProcessor processor, AuthorizationRequest call,
            PaymentAttempt attempt, boolean fresh, String captureKey) {
        try {
            return ask(() -> processor.authorizeAndCapture(call), attempt);
        } catch (PaymentException refused) {
            if (fresh || !refused.code().equals("idempotency_key_reused")) {
                throw refused;
            }
        }
        ProcessorPayment authorization = ask(() -> processor.authorize(call), attempt);
        if (authorization.status() != PaymentStatus.AUTHORIZED || authorization.id() == null) {
            return authorization;
        }
        return captureAtOnce(processor, attempt, authorization, captureKey).orElse(authorization);
    }

    /** The processor's capture of a fresh authorization, or empty when it refused or did not answer. */
    private static Optional<ProcessorPayment> captureAtOnce(PaymentProcessor processor, PaymentAttempt attempt,
            ProcessorPayment authorization, String captureKey) {
        try {
            ProcessorPayment answer = ask(() -> processor.capture(authorization.id(), null,
                    processorKey(attempt, "capture", captureKey)), attempt);
            return answer.status() == PaymentStatus.CAPTURED ? Optional.of(answer) : Optional.empty();
        } catch (PaymentException refused) {
            log.warn("payment {}: capturing at once was refused ({}); the authorization is recorded to capture later",
                    attempt.id(), refused.code());
            return Optional.empty();
        }
    }

    /** Records the authorization and the capture together, with the caller's {@link Alongside#captured} work. */
    private PaymentAttempt recordCapture(PaymentAttempt attempt, ProcessorPayment captured, Alongside alongside) {
        return inOwnTransaction(() -> {
            Instant at = clock.instant();
            PaymentAttempt recorded = attempts.record(attempt.id(), captured, at, at);
            alongside.captured(recorded);
            return recorded;
        });
    }

    private PaymentAttempt recordAuthorization(PaymentAttempt attempt, ProcessorPayment answer, Alongside alongside) {
        return inOwnTransaction(() -> {
            Instant at = clock.instant();
            PaymentAttempt recorded = attempts.recordAuthorization(attempt.id(), answer, at,
                    at.plus(properties.janitor().minAge()));
            if (recorded.status() == PaymentStatus.AUTHORIZED || recorded.status() == PaymentStatus.CAPTURED) {
                alongside.authorized(recorded);
            }
            return recorded;
        });
    }

    /**
     * Captures an authorized payment, all of it ({@code amount} null) or part; the rest is released.
     *
     * @throws PaymentException 503 {@code processor_unavailable} when the processor did not answer
     *                          (retry with the same key; the janitor reconciles it meanwhile)
     */
    public PaymentAttempt capture(String paymentId, Long amount, String idempotencyKey) {
        return capture(paymentId, amount, idempotencyKey, captured -> {
        });
    }

    /**
     * {@link #capture(String, Long, String)}, with the caller's work on the captured payment done in
     * the transaction that records the capture (see {@link Alongside} for what a failure means).
     */
    public PaymentAttempt capture(String paymentId, Long amount, String idempotencyKey, Consumer<PaymentAttempt> whenCaptured) {
        return capture(existing(paymentId), amount, idempotencyKey, whenCaptured);
    }

    /**
     * {@link #capture(String, Long, String, Consumer)} for an attempt the caller has just been given
     * by this class (its authorization), without reading it again. An attempt that has changed since
     * is harmless: the processor is the truth, refuses to capture what it no longer holds, and its
     * answer is what gets recorded.
     */
    public PaymentAttempt capture(PaymentAttempt attempt, Long amount, String idempotencyKey,
            Consumer<PaymentAttempt> whenCaptured) {
        IdempotentRequests.requireKey(idempotencyKey);
        if (attempt.processorPaymentId() == null || (attempt.status() != PaymentStatus.AUTHORIZED
                && attempt.status() != PaymentStatus.CAPTURED)) {
            throw PaymentException.conflict("payment_not_capturable",
                    "payment " + attempt.id() + " is " + attempt.status().code() + ", not authorized");
        }
        PaymentProcessor processor = processors.get(attempt.adapter());
        return apply(attempt, ask(() -> processor.capture(attempt.processorPaymentId(), amount,
                processorKey(attempt, "capture", idempotencyKey)), attempt), whenCaptured);
    }

    /** Cancels (voids) an authorization or a payment still awaiting the customer. */
    public PaymentAttempt cancel(String paymentId) {
        PaymentAttempt attempt = existing(paymentId);
        if (attempt.status() == PaymentStatus.CANCELED) {
            return attempt;
        }
        if (attempt.processorPaymentId() == null || (attempt.status() != PaymentStatus.AUTHORIZED
                && attempt.status() != PaymentStatus.REQUIRES_ACTION)) {
            throw PaymentException.conflict("payment_not_cancelable",
                    "payment " + paymentId + " is " + attempt.status().code() + " and cannot be canceled");
        }
        PaymentProcessor processor = processors.get(attempt.adapter());
        return apply(attempt, ask(() -> processor.cancel(attempt.processorPaymentId(), attempt.id() + ":cancel"),
                attempt), recorded -> {
                });
    }

    /**
     * Refunds part or all of what is left of a captured payment.
     *
     * @throws PaymentException 422 {@code refund_exceeds_captured} for more than is left to refund
     */
    public ProcessorRefund refund(String paymentId, long amount, String idempotencyKey) {
        PaymentAttempt attempt = existing(paymentId);
        IdempotentRequests.requireKey(idempotencyKey);
        if (amount <= 0) {
            throw PaymentException.invalid("invalid_amount", "the amount must be a positive number of minor units");
        }
        if (attempt.status() != PaymentStatus.CAPTURED) {
            throw PaymentException.conflict("payment_not_refundable",
                    "payment " + paymentId + " is " + attempt.status().code() + "; only captured payments are refunded");
        }
        long left = attempt.amountCaptured() - attempt.amountRefunded();
        if (amount > left) {
            throw PaymentException.unprocessable("refund_exceeds_captured", "cannot refund " + amount + ": only " + left
                    + " of the " + attempt.amountCaptured() + " captured is left to refund");
        }
        PaymentProcessor processor = processors.get(attempt.adapter());
        ProcessorRefund refund = processor.refund(attempt.processorPaymentId(), amount,
                processorKey(attempt, "refund", idempotencyKey));
        processor.retrieve(attempt.processorPaymentId()).ifPresent(truth -> inOwnTransaction(() -> {
            Instant now = clock.instant();
            attempts.record(attempt.id(), truth, now, now);
            return null;
        }));
        return refund;
    }

    public Optional<PaymentAttempt> find(String paymentId) {
        return Ids.hasPrefix(paymentId, "pay") ? attempts.find(paymentId) : Optional.empty();
    }

    /** The attempt behind a processor's payment id (as webhooks name it), if Mercato made that payment. */
    public Optional<PaymentAttempt> findByProcessorPayment(String adapter, String processorPaymentId) {
        return processorPaymentId == null ? Optional.empty() : attempts.findByProcessorPayment(adapter, processorPaymentId);
    }

    /**
     * Captured payments whose idempotency key starts with {@code keyPrefix}, last changed after the
     * cursor ({@code afterUpdatedAt}, {@code afterId}, exclusive) and before {@code before}, oldest
     * change first: for a caller's janitor that looks for captures it never recorded.
     */
    public List<PaymentAttempt> captured(String keyPrefix, Instant afterUpdatedAt, String afterId, Instant before, int limit) {
        return attempts.captured(keyPrefix, afterUpdatedAt, afterId, before, limit);
    }

    private PaymentAttempt existing(String paymentId) {
        return find(paymentId).orElseThrow(() -> PaymentException.notFound(paymentId));
    }

    /** Asks the processor; anything but a refusal of the request means the answer is unknown. */
    private static ProcessorPayment ask(Supplier<ProcessorPayment> call, PaymentAttempt attempt) {
        try {
            return call.get();
        } catch (PaymentException refused) {
            throw refused;
        } catch (RuntimeException e) {
            log.warn("payment {}: the {} processor call failed; its outcome is unknown until reconciled",
                    attempt.id(), attempt.adapter(), e);
            return ProcessorPayment.unknown(attempt.amount(), attempt.currency(), "the processor call failed: " + e);
        }
    }

    private PaymentAttempt apply(PaymentAttempt attempt, ProcessorPayment answer, Consumer<PaymentAttempt> whenCaptured) {
        Instant now = clock.instant();
        if (answer.status() == PaymentStatus.UNKNOWN) {
            inOwnTransaction(() -> {
                attempts.markUnknown(attempt.id(), answer.failureMessage(), now, now.plus(properties.janitor().minAge()));
                return null;
            });
            throw PaymentException.of(PaymentStatus.UNKNOWN, answer.failureCode(), answer.failureMessage(), null);
        }
        return inOwnTransaction(() -> {
            PaymentAttempt recorded = attempts.record(attempt.id(), answer, now, now);
            if (recorded.status() == PaymentStatus.CAPTURED) {
                whenCaptured.accept(recorded);
            }
            return recorded;
        });
    }

    private <T> T inOwnTransaction(Supplier<T> work) {
        return ownTransaction.execute(status -> work.get());
    }

    /** One processor key per attempt, operation and caller key, at most 255 characters whatever the caller's key. */
    private static String processorKey(PaymentAttempt attempt, String operation, String callerKey) {
        String key = callerKey.length() <= 160 ? callerKey
                : HexFormat.of().formatHex(IdempotentRequests.fingerprint(callerKey));
        return attempt.id() + ":" + operation + ":" + key;
    }

    private static void validate(PaymentAuthorization request) {
        IdempotentRequests.requireKey(request.idempotencyKey());
        if (request.amount() <= 0) {
            throw PaymentException.invalid("invalid_amount", "the amount must be a positive number of minor units");
        }
        if (request.currency() == null || !CURRENCY.matcher(request.currency()).matches()) {
            throw PaymentException.invalid("invalid_currency", "currency must be a three-letter ISO 4217 code");
        }
        if (request.paymentMethod() == null || request.paymentMethod().isBlank()) {
            throw PaymentException.invalid("invalid_payment_method", "a payment method or token is required");
        }
    }


}
