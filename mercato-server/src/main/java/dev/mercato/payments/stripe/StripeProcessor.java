package dev.mercato.payments.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.AccountLink;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import dev.mercato.payments.AuthorizationRequest;
import dev.mercato.payments.ConnectedAccount;
import dev.mercato.payments.ConnectedAccountRequest;
import dev.mercato.payments.FeeSchedule;
import dev.mercato.payments.OnboardingLink;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentFailure;
import dev.mercato.payments.PaymentProcessor;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorPayment;
import dev.mercato.payments.ProcessorRefund;
import dev.mercato.payments.ProcessorTransfer;
import dev.mercato.payments.TransferRequest;
import dev.mercato.payments.WebhookDelivery;
import dev.mercato.payments.internal.PaymentsProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Stripe through stripe-java: PaymentIntents confirmed with {@code capture_method=manual} (authorize,
 * then capture all or part) or {@code automatic} (authorize and capture in one call), refunds,
 * Connect Express accounts with onboarding links, and separate charges and transfers
 * ({@code transfer_group}, {@code source_transaction}) so one payment can pay several sellers. Every call sends an {@code Idempotency-Key}; stripe-java retries under the same
 * key. A call that gets no answer (timeout, broken connection, 5xx) answers UNKNOWN, for the janitor.
 */
class StripeProcessor implements PaymentProcessor {

    static final String NAME = "stripe";
    static final String REFERENCE = "mercato_payment_id";
    private static final Pattern SAFE_REFERENCE = Pattern.compile("[A-Za-z0-9_:-]{1,100}");

    private final StripeClient client;
    private final PaymentsProperties.Stripe settings;
    private final List<String> webhookSecrets;
    private final Duration tolerance;
    private final Clock clock;
    private final ObjectMapper json;
    private final FeeSchedule fees;

    StripeProcessor(PaymentsProperties.Stripe settings, Duration tolerance, Clock clock, ObjectMapper json) {
        this.settings = settings;
        this.client = StripeClient.builder()
                .setApiKey(settings.secretKey())
                .setApiBase(settings.apiBase())
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setReadTimeout((int) settings.readTimeout().toMillis())
                .setMaxNetworkRetries(settings.maxNetworkRetries())
                .build();
        this.webhookSecrets = Arrays.stream(settings.webhookSecret().split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        this.tolerance = tolerance;
        this.clock = clock;
        this.json = json;
        this.fees = new FeeSchedule(settings.feeBasisPoints(), settings.feeFixedMinor());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProcessorPayment authorize(AuthorizationRequest request) {
        return open(request, PaymentIntentCreateParams.CaptureMethod.MANUAL);
    }

    /**
     * One confirmed PaymentIntent with {@code capture_method=automatic}: {@code succeeded} is
     * captured; {@code requires_action} captures by itself once the customer authenticates, so a
     * later {@link #retrieve} (or the {@code payment_intent.succeeded} webhook) finds it captured.
     */
    @Override
    public ProcessorPayment authorizeAndCapture(AuthorizationRequest request) {
        return open(request, PaymentIntentCreateParams.CaptureMethod.AUTOMATIC);
    }

    private ProcessorPayment open(AuthorizationRequest request, PaymentIntentCreateParams.CaptureMethod captureMethod) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(request.amount())
                .setCurrency(request.currency().toLowerCase())
                .setPaymentMethod(request.paymentMethod())
                .addPaymentMethodType("card")
                .setConfirm(true)
                .setCaptureMethod(captureMethod)
                .putAllMetadata(request.metadata());
        if (request.reference() != null) {
            params.putMetadata(REFERENCE, request.reference());
        }
        if (request.transferGroup() != null) {
            params.setTransferGroup(request.transferGroup());
        }
        if (!settings.returnUrl().isBlank()) {
            params.setReturnUrl(settings.returnUrl());
        }
        try {
            return view(client.v1().paymentIntents().create(params.build(), key(request.idempotencyKey())));
        } catch (CardException declined) {
            StripeError error = declined.getStripeError();
            String paymentId = error != null && error.getPaymentIntent() != null ? error.getPaymentIntent().getId() : null;
            return new ProcessorPayment(paymentId, PaymentStatus.FAILED, request.amount(),
                    request.currency().toUpperCase(), 0, 0, null, declineCode(declined.getDeclineCode()),
                    declined.getStripeError() == null ? declined.getMessage() : declined.getStripeError().getMessage());
        } catch (StripeException e) {
            return unanswered(e, request.amount(), request.currency());
        }
    }

    @Override
    public ProcessorPayment capture(String paymentId, Long amount, String idempotencyKey) {
        PaymentIntentCaptureParams.Builder params = PaymentIntentCaptureParams.builder();
        if (amount != null) {
            params.setAmountToCapture(amount);
        }
        try {
            return view(client.v1().paymentIntents().capture(paymentId, params.build(), key(idempotencyKey)));
        } catch (StripeException e) {
            return unanswered(e, amount == null ? 0 : amount, null);
        }
    }

    @Override
    public ProcessorPayment cancel(String paymentId, String idempotencyKey) {
        try {
            return view(client.v1().paymentIntents().cancel(paymentId, PaymentIntentCancelParams.builder().build(),
                    key(idempotencyKey)));
        } catch (StripeException e) {
            return unanswered(e, 0, null);
        }
    }

    @Override
    public ProcessorRefund refund(String paymentId, long amount, String idempotencyKey) {
        RefundCreateParams params = RefundCreateParams.builder().setPaymentIntent(paymentId).setAmount(amount).build();
        try {
            Refund refund = client.v1().refunds().create(params, key(idempotencyKey));
            return new ProcessorRefund(refund.getId(), refund.getPaymentIntent(), refund.getAmount(),
                    refund.getCurrency().toUpperCase(), refundStatus(refund.getStatus()), refund.getFailureReason(), null);
        } catch (StripeException e) {
            refuseRequest(e);
            return new ProcessorRefund(null, paymentId, amount, null, ProcessorRefund.Status.UNKNOWN,
                    PaymentFailure.PROCESSOR_UNAVAILABLE, e.getMessage());
        }
    }

    @Override
    public Optional<ProcessorPayment> retrieve(String paymentId) {
        try {
            return Optional.of(view(client.v1().paymentIntents().retrieve(paymentId,
                    PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build(), RequestOptions.getDefault())));
        } catch (StripeException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException("Stripe could not be asked about " + paymentId + ": " + e.getMessage(), e);
        }
    }

    /** Stripe's search index lags a little behind; the janitor only asks about payments a minute old. */
    @Override
    public Optional<ProcessorPayment> findByReference(String reference) {
        if (!SAFE_REFERENCE.matcher(reference).matches()) {
            return Optional.empty();
        }
        PaymentIntentSearchParams params = PaymentIntentSearchParams.builder()
                .setQuery("metadata['" + REFERENCE + "']:'" + reference + "'").build();
        try {
            return client.v1().paymentIntents().search(params).getData().stream().findFirst().map(this::view);
        } catch (StripeException e) {
            throw new IllegalStateException("Stripe could not be searched for " + reference + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ConnectedAccount createConnectedAccount(ConnectedAccountRequest request) {
        AccountCreateParams.Builder params = AccountCreateParams.builder()
                .setType(AccountCreateParams.Type.EXPRESS)
                .setCapabilities(AccountCreateParams.Capabilities.builder()
                        .setCardPayments(AccountCreateParams.Capabilities.CardPayments.builder().setRequested(true).build())
                        .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build())
                        .build());
        if (request.reference() != null) {
            params.putMetadata("mercato_reference", request.reference());
        }
        if (request.email() != null) {
            params.setEmail(request.email());
        }
        if (request.country() != null) {
            params.setCountry(request.country());
        }
        try {
            return view(client.v1().accounts().create(params.build(), key(request.idempotencyKey())));
        } catch (StripeException e) {
            throw failed("the connected account could not be created", e);
        }
    }

    @Override
    public ConnectedAccount retrieveConnectedAccount(String accountId) {
        try {
            return view(client.v1().accounts().retrieve(accountId));
        } catch (StripeException e) {
            throw failed("connected account " + accountId + " could not be read", e);
        }
    }

    @Override
    public OnboardingLink onboardingLink(String accountId, String refreshUrl, String returnUrl) {
        AccountLinkCreateParams params = AccountLinkCreateParams.builder()
                .setAccount(accountId)
                .setRefreshUrl(refreshUrl)
                .setReturnUrl(returnUrl)
                .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                .build();
        try {
            AccountLink link = client.v1().accountLinks().create(params);
            return new OnboardingLink(accountId, link.getUrl(), Instant.ofEpochSecond(link.getExpiresAt()));
        } catch (StripeException e) {
            throw failed("no onboarding link for " + accountId, e);
        }
    }

    @Override
    public ProcessorTransfer transfer(TransferRequest request) {
        TransferCreateParams.Builder params = TransferCreateParams.builder()
                .setAmount(request.amount())
                .setCurrency(request.currency().toLowerCase())
                .setDestination(request.destinationAccountId())
                .putAllMetadata(request.metadata());
        if (request.transferGroup() != null) {
            params.setTransferGroup(request.transferGroup());
        }
        try {
            if (request.sourcePaymentId() != null) {
                params.setSourceTransaction(chargeOf(request.sourcePaymentId()));
            }
            return view(client.v1().transfers().create(params.build(), key(request.idempotencyKey())));
        } catch (StripeException e) {
            refuseRequest(e);
            return new ProcessorTransfer(null, request.destinationAccountId(), request.amount(),
                    request.currency().toUpperCase(), ProcessorTransfer.Status.UNKNOWN,
                    PaymentFailure.PROCESSOR_UNAVAILABLE, e.getMessage());
        }
    }

    /** Stripe transfers complete at once; a reversed one counts as failed (its funds came back to the platform). */
    @Override
    public Optional<ProcessorTransfer> findTransfer(String transferId, String transferGroup) {
        try {
            if (transferId != null) {
                return Optional.of(view(client.v1().transfers().retrieve(transferId)));
            }
            if (transferGroup == null) {
                return Optional.empty();
            }
            return client.v1().transfers().list(TransferListParams.builder().setTransferGroup(transferGroup).setLimit(1L)
                    .build()).getData().stream().findFirst().map(StripeProcessor::view);
        } catch (StripeException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException("Stripe could not be asked about transfer "
                    + (transferId != null ? transferId : "of group " + transferGroup) + ": " + e.getMessage(), e);
        }
    }

    private static ProcessorTransfer view(Transfer transfer) {
        boolean reversed = Boolean.TRUE.equals(transfer.getReversed());
        return new ProcessorTransfer(transfer.getId(), transfer.getDestination(), transfer.getAmount(),
                transfer.getCurrency().toUpperCase(), reversed ? ProcessorTransfer.Status.FAILED : ProcessorTransfer.Status.PAID,
                reversed ? "transfer_reversed" : null, reversed ? "the transfer was reversed" : null);
    }

    /** A transfer's source is a charge: a PaymentIntent's latest one. */
    private String chargeOf(String paymentId) throws StripeException {
        if (!paymentId.startsWith("pi_")) {
            return paymentId;
        }
        String charge = client.v1().paymentIntents().retrieve(paymentId).getLatestCharge();
        if (charge == null) {
            throw PaymentException.conflict("invalid_transfer_source", "payment " + paymentId + " has no charge yet");
        }
        return charge;
    }

    /**
     * Verifies {@code Stripe-Signature} with stripe-java against each configured secret, with the
     * injected clock. Stripe checks the signature before the time, so a delivery whose signature
     * holds when the time is not checked is stale, not forged.
     */
    @Override
    public ProcessorEvent parseWebhook(WebhookDelivery delivery) {
        String payload = new String(delivery.body(), StandardCharsets.UTF_8);
        String header = delivery.header("Stripe-Signature");
        if (header == null || header.isBlank()) {
            throw PaymentException.invalid("invalid_signature", "the Stripe-Signature header is missing");
        }
        Event event = null;
        for (String secret : webhookSecrets) {
            try {
                event = Webhook.constructEvent(payload, header, secret, tolerance.toSeconds(), clock);
                break;
            } catch (SignatureVerificationException e) {
                // try the next secret
            } catch (RuntimeException e) {
                throw PaymentException.invalid("malformed_webhook", "the signed webhook body is not a Stripe event");
            }
        }
        if (event == null) {
            throw signedAtAll(payload, header)
                    ? PaymentException.invalid("stale_webhook", "the webhook was signed more than "
                            + tolerance.toSeconds() + " s ago; it may be a replay")
                    : PaymentException.invalid("invalid_signature", "the webhook signature does not match its body");
        }
        JsonNode object;
        try {
            object = json.readTree(payload).path("data").path("object");
        } catch (JacksonException e) {
            throw PaymentException.invalid("malformed_webhook", "the webhook body is not JSON");
        }
        if (event.getId() == null || event.getType() == null || event.getCreated() == null) {
            throw PaymentException.invalid("malformed_webhook", "the webhook needs id, type and created");
        }
        return StripeEvents.toProcessorEvent(event.getId(), event.getType(), event.getCreated(), event.getAccount(),
                object);
    }

    private boolean signedAtAll(String payload, String header) {
        for (String secret : webhookSecrets) {
            try {
                if (Webhook.Signature.verifyHeader(payload, header, secret, 0)) {
                    return true;
                }
            } catch (SignatureVerificationException e) {
                // not this secret
            }
        }
        return false;
    }

    /** An estimate: Stripe's real fee is on the charge's balance transaction. */
    @Override
    public long fee(long amount, String currency) {
        return fees.feeFor(amount);
    }

    private ProcessorPayment view(PaymentIntent intent) {
        PaymentStatus status = switch (intent.getStatus()) {
            case "requires_capture" -> PaymentStatus.AUTHORIZED;
            case "succeeded" -> PaymentStatus.CAPTURED;
            case "canceled" -> PaymentStatus.CANCELED;
            case "requires_action" -> PaymentStatus.REQUIRES_ACTION;
            case "requires_payment_method" -> intent.getLastPaymentError() != null ? PaymentStatus.FAILED
                    : PaymentStatus.PENDING;
            default -> PaymentStatus.PENDING;
        };
        StripeError error = intent.getLastPaymentError();
        String url = intent.getNextAction() != null && intent.getNextAction().getRedirectToUrl() != null
                ? intent.getNextAction().getRedirectToUrl().getUrl() : null;
        long refunded = intent.getLatestChargeObject() != null && intent.getLatestChargeObject().getAmountRefunded() != null
                ? intent.getLatestChargeObject().getAmountRefunded() : 0;
        return new ProcessorPayment(intent.getId(), status, intent.getAmount(), intent.getCurrency().toUpperCase(),
                intent.getAmountReceived() == null ? 0 : intent.getAmountReceived(), refunded, url,
                status == PaymentStatus.FAILED && error != null ? declineCode(error.getDeclineCode() != null
                        ? error.getDeclineCode() : error.getCode()) : null,
                status == PaymentStatus.FAILED && error != null ? error.getMessage() : null);
    }

    private static ConnectedAccount view(Account account) {
        String reference = account.getMetadata() == null ? null : account.getMetadata().get("mercato_reference");
        return new ConnectedAccount(account.getId(), reference, Boolean.TRUE.equals(account.getChargesEnabled()),
                Boolean.TRUE.equals(account.getPayoutsEnabled()), Boolean.TRUE.equals(account.getDetailsSubmitted()));
    }

    private static String declineCode(String code) {
        return PaymentFailure.INSUFFICIENT_FUNDS.equals(code) ? PaymentFailure.INSUFFICIENT_FUNDS : PaymentFailure.CARD_DECLINED;
    }

    private static ProcessorRefund.Status refundStatus(String status) {
        return switch (status == null ? "" : status) {
            case "succeeded" -> ProcessorRefund.Status.SUCCEEDED;
            case "failed", "canceled" -> ProcessorRefund.Status.FAILED;
            default -> ProcessorRefund.Status.PENDING;
        };
    }

    /**
     * A call that got no usable answer: a timeout or broken connection, a 5xx, or a rate limit. The
     * outcome is unknown until the payment is retrieved. Refusals of the request itself throw.
     */
    private static ProcessorPayment unanswered(StripeException e, long amount, String currency) {
        refuseRequest(e);
        String code = e instanceof ApiException ? PaymentFailure.PROCESSOR_ERROR : PaymentFailure.PROCESSOR_UNAVAILABLE;
        return new ProcessorPayment(null, PaymentStatus.UNKNOWN, amount, currency == null ? null : currency.toUpperCase(),
                0, 0, null, code, "Stripe did not answer: " + e.getMessage());
    }

    /** Throws for errors that mean Stripe refused the request, so nothing happened. */
    private static void refuseRequest(StripeException e) {
        if (e instanceof ApiConnectionException || e instanceof ApiException || e instanceof RateLimitException) {
            return;
        }
        throw failed("Stripe refused the request", e);
    }

    private static PaymentException failed(String what, StripeException e) {
        if (e instanceof IdempotencyException) {
            return PaymentException.unprocessable("idempotency_key_reused",
                    "this idempotency key was already used for a different Stripe request");
        }
        if (e instanceof AuthenticationException) {
            return new PaymentException(502, PaymentFailure.PROCESSOR_ERROR,
                    "Stripe refused Mercato's credentials; check mercato.payments.stripe.secret-key");
        }
        if (e.getStatusCode() != null && e.getStatusCode() == 404) {
            return new PaymentException(404, "processor_object_not_found", what + ": " + e.getMessage());
        }
        if (e instanceof ApiConnectionException || e instanceof ApiException || e instanceof RateLimitException) {
            return new PaymentException(503, PaymentFailure.PROCESSOR_UNAVAILABLE, what + ": " + e.getMessage());
        }
        return new PaymentException(422, "processor_refused", what + ": " + e.getMessage(),
                e.getCode() == null ? Map.of() : Map.of("processor_code", e.getCode()));
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }
}
