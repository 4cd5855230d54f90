package dev.mercato.payments;

import java.util.Optional;

/**
 * The port to a payment processor. Every money-moving call carries an idempotency key: the same key
 * and parameters never charge, capture, refund or transfer twice, and a call that got no answer
 * returns {@link PaymentStatus#UNKNOWN} (never a failure), because the processor may have acted.
 * Refusals of the request itself (capturing more than was authorized, refunding more than was
 * captured, an unknown payment, a key reused with other parameters) throw {@link PaymentException}.
 */
public interface PaymentProcessor {

    /** The adapter's name, as in {@code mercato.payments.processor} and the webhook path. */
    String name();

    /** Authorizes without capturing (Stripe: a PaymentIntent with {@code capture_method=manual}). */
    ProcessorPayment authorize(AuthorizationRequest request);

    /**
     * Authorizes and captures in one call (Stripe: a PaymentIntent confirmed with
     * {@code capture_method=automatic}), for a caller who would capture all of a fresh
     * authorization straight away. The answer is what {@link #authorize} would answer, except that
     * a payment authorized in the call is captured in it: {@code CAPTURED} for the whole amount.
     * {@code FAILED} (a decline, the processor's error) and {@code UNKNOWN} (no answer: it may have
     * been captured) mean what they mean for {@link #authorize}. {@code REQUIRES_ACTION}: nothing is
     * captured yet; once the customer acts the payment is {@code AUTHORIZED}, for {@link #capture}
     * (the simulated processor), or {@code CAPTURED} by itself (Stripe). An adapter that cannot
     * capture in the call may answer {@code AUTHORIZED}, and the caller captures with
     * {@link #capture}. The idempotency key is one request's, as for {@link #authorize}: the same key
     * already used by {@link #authorize} is refused ({@code idempotency_key_reused}), never a second
     * payment.
     */
    ProcessorPayment authorizeAndCapture(AuthorizationRequest request);

    /**
     * Captures an authorized payment.
     *
     * @param amount the amount to capture, at most the authorized amount; null captures all of it
     */
    ProcessorPayment capture(String paymentId, Long amount, String idempotencyKey);

    /** Cancels (voids) an authorization; the held funds are released. */
    ProcessorPayment cancel(String paymentId, String idempotencyKey);

    /** Refunds part or all of what was captured; never more than is left. */
    ProcessorRefund refund(String paymentId, long amount, String idempotencyKey);

    /** The payment's current state, or empty when the processor has no such payment. */
    Optional<ProcessorPayment> retrieve(String paymentId);

    /**
     * Finds the payment authorized with this {@link AuthorizationRequest#reference()}, for payments
     * whose processor id never came back.
     */
    Optional<ProcessorPayment> findByReference(String reference);

    ConnectedAccount createConnectedAccount(ConnectedAccountRequest request);

    ConnectedAccount retrieveConnectedAccount(String accountId);

    /** A link where the seller completes onboarding; afterwards, the processor tells whether it is ready. */
    OnboardingLink onboardingLink(String accountId, String refreshUrl, String returnUrl);

    /**
     * Transfers funds to a connected account. A transfer the processor accepted but has not
     * completed is {@code PENDING}; a transfer webhook or {@link #findTransfer} tells the outcome.
     */
    ProcessorTransfer transfer(TransferRequest request);

    /**
     * A transfer as the processor sees it now: by its id when known, else the one made with this
     * {@link TransferRequest#transferGroup()} (for a transfer whose answer never came back); empty
     * when the processor made no such transfer.
     */
    Optional<ProcessorTransfer> findTransfer(String transferId, String transferGroup);

    /**
     * Verifies an inbound webhook's signature and timestamp and reads it.
     *
     * @throws PaymentException 400 {@code invalid_signature} when the signature does not match,
     *                          400 {@code stale_webhook} when it is signed too far from now,
     *                          400 {@code malformed_webhook} when a signed body cannot be read
     */
    ProcessorEvent parseWebhook(WebhookDelivery delivery);

    /**
     * What the processor charges for capturing {@code amount}, in minor units of the same currency.
     * An estimate on Stripe until the charge's balance transaction is read.
     */
    long fee(long amount, String currency);
}
