package dev.mercato.payments.simulated;

import dev.mercato.payments.AuthorizationRequest;
import dev.mercato.payments.ConnectedAccount;
import dev.mercato.payments.ConnectedAccountRequest;
import dev.mercato.payments.FeeSchedule;
import dev.mercato.payments.OnboardingLink;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentProcessor;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorPayment;
import dev.mercato.payments.ProcessorRefund;
import dev.mercato.payments.IdempotentRequests;
import dev.mercato.payments.ProcessorTransfer;
import dev.mercato.payments.TransferRequest;
import dev.mercato.payments.WebhookDelivery;
import dev.mercato.payments.internal.PaymentsProperties;
import dev.mercato.payments.simulated.SimulatedRequests.Stored;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The default processor: outcomes chosen by test tokens ({@link TestToken}), state in its own
 * tables so it survives restarts, idempotency keys honoured as Stripe does. It stands for a remote
 * system, so each call commits on its own, whatever transaction the caller is in.
 */
@Component
class SimulatedProcessor implements PaymentProcessor {

    static final String NAME = "simulated";
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

    private final SimulatedPayments payments;
    private final SimulatedRequests requests;
    private final SimulatedAccounts accounts;
    private final SimulatedUrls urls;
    private final SimulatedWebhooks webhooks;
    private final TransactionTemplate remote;
    private final Clock clock;
    private final PaymentsProperties properties;
    private final FeeSchedule fees;

    SimulatedProcessor(SimulatedPayments payments, SimulatedRequests requests, SimulatedAccounts accounts,
            SimulatedUrls urls, SimulatedWebhooks webhooks, PlatformTransactionManager transactionManager, Clock clock,
            PaymentsProperties properties) {
        this.payments = payments;
        this.requests = requests;
        this.accounts = accounts;
        this.urls = urls;
        this.webhooks = webhooks;
        this.remote = new TransactionTemplate(transactionManager);
        remote.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.properties = properties;
        this.fees = new FeeSchedule(properties.simulated().feeBasisPoints(), properties.simulated().feeFixedMinor());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProcessorPayment authorize(AuthorizationRequest request) {
        return open("authorize", request, false);
    }

    /**
     * {@link #authorize}, with a payment the token authorizes captured in the same transaction, under
     * one idempotency row. A token that requires action opens the payment as {@link #authorize}
     * does: once the customer acts it is authorized, and captured by {@link #capture}.
     */
    @Override
    public ProcessorPayment authorizeAndCapture(AuthorizationRequest request) {
        return open("authorize_capture", request, true);
    }

    private ProcessorPayment open(String operation, AuthorizationRequest request, boolean capture) {
        String currency = currency(request.currency());
        positive(request.amount());
        IdempotentRequests.requireKey(request.idempotencyKey());
        TestToken token = TestToken.of(request.paymentMethod());
        byte[] hash = IdempotentRequests.fingerprint(operation, request.amount(), currency, request.paymentMethod(), request.reference(),
                request.transferGroup(), new TreeMap<>(request.metadata()));
        String id = Ids.next("sim_pi", clock);
        Stored planned = token == TestToken.PROCESSOR_ERROR ? new Stored(null, token.failureCode, token.failureMessage)
                : new Stored(id, null, null);
        Once<ProcessorPayment> once = once(operation, request.idempotencyKey(), hash, planned, () -> {
            if (token == TestToken.PROCESSOR_ERROR) {
                return ProcessorPayment.failed(request.amount(), currency, token.failureCode, token.failureMessage);
            }
            boolean captured = capture && token.status == PaymentStatus.AUTHORIZED;
            SimulatedPayment payment = new SimulatedPayment(id, request.reference(),
                    request.amount(), currency, token.token, captured ? PaymentStatus.CAPTURED : token.status,
                    captured ? request.amount() : 0, 0, token.failureCode, token.failureMessage, request.transferGroup(),
                    clock.instant());
            payments.insert(payment, request.metadata());
            return payment.view(urls);
        }, stored -> stored.objectId() == null
                ? ProcessorPayment.failed(request.amount(), currency, stored.failureCode(), stored.failureMessage())
                : payment(stored.objectId()).view(urls));
        if (token == TestToken.TIMEOUT && !once.replayed()) {
            return ProcessorPayment.unknown(request.amount(), currency, "the simulated processor did not answer in time "
                    + "(tok_timeout); the " + (capture ? "payment may be captured" : "authorization may exist"));
        }
        return once.value();
    }

    @Override
    public ProcessorPayment capture(String paymentId, Long amount, String idempotencyKey) {
        IdempotentRequests.requireKey(idempotencyKey);
        if (amount != null) {
            positive(amount);
        }
        return once("capture", idempotencyKey, IdempotentRequests.fingerprint("capture", paymentId, amount),
                new Stored(paymentId, null, null), () -> {
            SimulatedPayment payment = payments.lock(paymentId).orElseThrow(() -> PaymentException.notFound(paymentId));
            if (payment.status() != PaymentStatus.AUTHORIZED) {
                throw PaymentException.conflict("payment_not_capturable",
                        "payment " + paymentId + " is " + payment.status().code() + ", not authorized");
            }
            long captured = amount == null ? payment.amount() : amount;
            if (captured > payment.amount()) {
                throw PaymentException.unprocessable("capture_exceeds_authorized", "cannot capture " + captured
                        + " of a payment authorized for " + payment.amount());
            }
            payments.update(paymentId, PaymentStatus.CAPTURED, captured, 0, clock.instant());
            return payment.updated(PaymentStatus.CAPTURED, captured, 0).view(urls);
        }, stored -> payment(stored.objectId()).view(urls)).value();
    }

    @Override
    public ProcessorPayment cancel(String paymentId, String idempotencyKey) {
        IdempotentRequests.requireKey(idempotencyKey);
        return once("cancel", idempotencyKey, IdempotentRequests.fingerprint("cancel", paymentId),
                new Stored(paymentId, null, null), () -> {
            SimulatedPayment payment = payments.lock(paymentId).orElseThrow(() -> PaymentException.notFound(paymentId));
            switch (payment.status()) {
                case AUTHORIZED, REQUIRES_ACTION -> payments.update(paymentId, PaymentStatus.CANCELED, 0, 0, clock.instant());
                case CANCELED -> {
                }
                default -> throw PaymentException.conflict("payment_not_cancelable",
                        "payment " + paymentId + " is " + payment.status().code() + " and cannot be canceled");
            }
            return payment(paymentId).view(urls);
        }, stored -> payment(stored.objectId()).view(urls)).value();
    }

    @Override
    public ProcessorRefund refund(String paymentId, long amount, String idempotencyKey) {
        IdempotentRequests.requireKey(idempotencyKey);
        positive(amount);
        String id = Ids.next("sim_re", clock);
        return once("refund", idempotencyKey, IdempotentRequests.fingerprint("refund", paymentId, amount),
                new Stored(id, null, null), () -> {
            SimulatedPayment payment = payments.lock(paymentId).orElseThrow(() -> PaymentException.notFound(paymentId));
            if (payment.status() != PaymentStatus.CAPTURED) {
                throw PaymentException.conflict("payment_not_refundable",
                        "payment " + paymentId + " is " + payment.status().code() + "; only captured payments are refunded");
            }
            long left = payment.amountCaptured() - payment.amountRefunded();
            if (amount > left) {
                throw PaymentException.unprocessable("refund_exceeds_captured", "cannot refund " + amount + ": only "
                        + left + " of the " + payment.amountCaptured() + " captured is left to refund");
            }
            payments.update(paymentId, PaymentStatus.CAPTURED, payment.amountCaptured(), payment.amountRefunded() + amount,
                    clock.instant());
            payments.insertRefund(id, paymentId, amount, payment.currency(), clock.instant());
            return new ProcessorRefund(id, paymentId, amount, payment.currency(), ProcessorRefund.Status.SUCCEEDED,
                    null, null);
        }, stored -> payments.findRefund(stored.objectId())
                .map(r -> new ProcessorRefund(r.id(), r.paymentId(), r.amount(), r.currency(),
                        ProcessorRefund.Status.SUCCEEDED, null, null))
                .orElseThrow()).value();
    }

    @Override
    public Optional<ProcessorPayment> retrieve(String paymentId) {
        return payments.find(paymentId).map(p -> p.view(urls));
    }

    @Override
    public Optional<ProcessorPayment> findByReference(String reference) {
        return payments.findByReference(reference).map(p -> p.view(urls));
    }

    /** Onboarding on the simulated processor is immediate: the account is ready at once. */
    @Override
    public ConnectedAccount createConnectedAccount(ConnectedAccountRequest request) {
        IdempotentRequests.requireKey(request.idempotencyKey());
        byte[] hash = IdempotentRequests.fingerprint("account", request.reference(), request.email(), request.country());
        String id = Ids.next("sim_acct", clock);
        return once("account", request.idempotencyKey(), hash, new Stored(id, null, null), () -> {
            ConnectedAccount account = new ConnectedAccount(id, request.reference(), true, true, true);
            accounts.insert(account, request.email(), request.country(), clock.instant());
            return account;
        }, stored -> retrieveConnectedAccount(stored.objectId())).value();
    }

    @Override
    public ConnectedAccount retrieveConnectedAccount(String accountId) {
        return accounts.find(accountId).orElseThrow(() -> new PaymentException(404, "account_not_found",
                "the processor has no connected account " + accountId));
    }

    @Override
    public OnboardingLink onboardingLink(String accountId, String refreshUrl, String returnUrl) {
        retrieveConnectedAccount(accountId);
        return new OnboardingLink(accountId, urls.onboarding(accountId), clock.instant().plus(Duration.ofMinutes(5)));
    }

    /**
     * Transfers are recorded and, by default, paid at once. A connected account's transfer mode
     * (set through {@code /v1/simulated-processor}) makes them pending until settled, failed, or
     * made but answered with a timeout, so every payout path can be exercised.
     */
    @Override
    public ProcessorTransfer transfer(TransferRequest request) {
        IdempotentRequests.requireKey(request.idempotencyKey());
        positive(request.amount());
        String currency = currency(request.currency());
        byte[] hash = IdempotentRequests.fingerprint("transfer", request.destinationAccountId(), request.amount(), currency,
                request.transferGroup(), request.sourcePaymentId(), new TreeMap<>(request.metadata()));
        String mode = accounts.transferMode(request.destinationAccountId());
        String id = Ids.next("sim_tr", clock);
        Once<ProcessorTransfer> once = once("transfer", request.idempotencyKey(), hash, new Stored(id, null, null), () -> {
            retrieveConnectedAccount(request.destinationAccountId());
            if (request.sourcePaymentId() != null) {
                checkSource(request, currency);
            }
            String status = switch (mode) {
                case "pending" -> "pending";
                case "failed" -> "failed";
                default -> "paid";
            };
            String failure = status.equals("failed") ? "account_closed" : null;
            accounts.insertTransfer(id, request.destinationAccountId(), request.amount(), currency,
                    request.transferGroup(), request.sourcePaymentId(), status, failure, clock.instant());
            return accounts.findTransfer(id).orElseThrow().view();
        }, stored -> accounts.findTransfer(stored.objectId()).orElseThrow().view());
        if (mode.equals("unavailable") && !once.replayed()) {
            throw new IllegalStateException("simulated timeout: the transfer was made but its answer was lost");
        }
        return once.value();
    }

    @Override
    public Optional<ProcessorTransfer> findTransfer(String transferId, String transferGroup) {
        if (transferId != null) {
            return accounts.findTransfer(transferId).map(SimulatedAccounts.Transfer::view);
        }
        return transferGroup == null ? Optional.empty()
                : accounts.transferOfGroup(transferGroup).map(SimulatedAccounts.Transfer::view);
    }

    private void checkSource(TransferRequest request, String currency) {
        SimulatedPayment source = payments.lock(request.sourcePaymentId())
                .orElseThrow(() -> PaymentException.notFound(request.sourcePaymentId()));
        if (source.status() != PaymentStatus.CAPTURED || !source.currency().equals(currency)) {
            throw PaymentException.conflict("invalid_transfer_source", "a transfer's source payment must be captured "
                    + "and in the transfer's currency; " + source.id() + " is " + source.status().code() + " in "
                    + source.currency());
        }
        long left = source.amountCaptured() - source.amountRefunded() - accounts.transferredFrom(source.id());
        if (request.amount() > left) {
            throw PaymentException.unprocessable("transfer_exceeds_source",
                    "cannot transfer " + request.amount() + ": only " + left + " of payment " + source.id() + " is left");
        }
    }

    @Override
    public ProcessorEvent parseWebhook(WebhookDelivery delivery) {
        SimulatedSignature.verify(delivery.header(SimulatedSignature.HEADER), delivery.body(),
                properties.simulated().webhookSecret(), clock.instant(), properties.webhookTolerance());
        return webhooks.parse(delivery.body());
    }

    @Override
    public long fee(long amount, String currency) {
        currency(currency);
        return fees.feeFor(amount);
    }

    private SimulatedPayment payment(String id) {
        return payments.find(id).orElseThrow(() -> PaymentException.notFound(id));
    }

    private record Once<T>(T value, boolean replayed) {
    }

    /**
     * Runs {@code first} once per idempotency key, in one transaction with the key's record, which
     * is written up front with what {@code first} will produce ({@code planned}: the id it creates,
     * or the failure it answers), so the key costs one statement; should {@code first} refuse, the
     * transaction rolls back with the record. A later request under the key gets {@code replay} of
     * what the first one produced.
     */
    private <T> Once<T> once(String operation, String key, byte[] hash, Stored planned, Supplier<T> first,
            Function<Stored, T> replay) {
        return remote.execute(status -> {
            Optional<Stored> earlier = requests.claim(key, operation, hash, planned, clock.instant());
            if (earlier.isPresent()) {
                return new Once<>(replay.apply(earlier.get()), true);
            }
            return new Once<>(first.get(), false);
        });
    }

    private static String currency(String currency) {
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw PaymentException.invalid("invalid_currency", "currency must be a three-letter ISO 4217 code");
        }
        return currency.toUpperCase();
    }

    private static void positive(long amount) {
        if (amount <= 0) {
            throw PaymentException.invalid("invalid_amount", "the amount must be a positive number of minor units");
        }
    }


}
