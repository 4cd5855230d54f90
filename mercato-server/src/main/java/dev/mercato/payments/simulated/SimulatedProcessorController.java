package dev.mercato.payments.simulated;

import dev.mercato.payments.AuthorizationRequest;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorPayment;
import dev.mercato.payments.ProcessorTransfer;
import dev.mercato.payments.simulated.SimulatedDisputes.Dispute;
import dev.mercato.payments.simulated.SimulatedWebhooks.Delivery;
import dev.mercato.platform.AuditExempt;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated processor's side, for operators and tests: pay as a customer would, complete
 * 3-D Secure, open and resolve disputes, pay out sellers — each change reported by a signed webhook
 * to {@code /v1/processor-webhooks/simulated}. Admin only; it does not exist when
 * {@code mercato.production=true}.
 */
@RestController
@ConditionalOnProperty(name = "mercato.production", havingValue = "false", matchIfMissing = true)
class SimulatedProcessorController {

    /** Why its routes record no before/after of their own. */
    private static final String OUTSIDE = "the simulated outside processor: its state is the processor's; what Mercato"
            + " makes of its webhooks is recorded at POST /v1/processor-webhooks/{adapter}";

    private final SimulatedProcessor processor;
    private final SimulatedScenarios scenarios;
    private final Clock clock;

    SimulatedProcessorController(SimulatedProcessor processor, SimulatedScenarios scenarios, Clock clock) {
        this.processor = processor;
        this.scenarios = scenarios;
        this.clock = clock;
    }

    record CreatePayment(Long amount, String currency, String paymentMethod, Boolean capture) {
    }

    record OpenDispute(Long amount) {
    }

    record ResolveDispute(String outcome) {
    }

    record Payout(Long amount, String currency, String outcome) {
    }

    record PaymentView(String id, String object, String status, long amount, String currency, long amountCaptured,
            long amountRefunded, String nextActionUrl, String failureCode, String failureMessage) {

        static PaymentView of(ProcessorPayment p) {
            return new PaymentView(p.id(), "simulated_payment", p.status().code(), p.amount(), p.currency(),
                    p.amountCaptured(), p.amountRefunded(), p.nextActionUrl(), p.failureCode(), p.failureMessage());
        }
    }

    record EventView(String id, String type, String objectId, String paymentId, String accountId, long amount, long fee,
            String currency, String failureCode, boolean delivered, int deliveryStatus) {

        static EventView of(Delivery delivery) {
            ProcessorEvent e = delivery.event();
            return new EventView(e.id(), e.type().code(), e.objectId(), e.paymentId(), e.accountId(), e.amount(),
                    e.fee(), e.currency(), e.failureCode(), delivery.delivered(), delivery.status());
        }
    }

    record DisputeView(String id, String object, String paymentId, long amount, long fee, String currency,
            String status, EventView event) {

        static DisputeView of(SimulatedScenarios.Triggered<Dispute> triggered) {
            Dispute d = triggered.object();
            return new DisputeView(d.id(), "simulated_dispute", d.paymentId(), d.amount(), d.fee(), d.currency(),
                    d.status(), EventView.of(triggered.delivery()));
        }
    }

    /**
     * Pays as a customer would, with a test token; {@code capture: true} captures at once. A
     * decline answers as the processor's API would: problem+json with the decline's code.
     */
    @AuditExempt(OUTSIDE)
    @PostMapping("/v1/simulated-processor/payments")
    @ResponseStatus(HttpStatus.CREATED)
    PaymentView pay(Caller caller, @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody CreatePayment request) {
        caller.requireAdmin();
        if (request.amount() == null) {
            throw PaymentException.invalid("invalid_amount", "amount is required, in minor units");
        }
        String base = key == null ? Ids.next("simkey", clock) : key;
        ProcessorPayment payment = processor.authorize(new AuthorizationRequest(request.amount(), request.currency(),
                request.paymentMethod(), base, null, Map.of(), null));
        if (payment.status() != PaymentStatus.AUTHORIZED && payment.status() != PaymentStatus.REQUIRES_ACTION) {
            throw PaymentException.of(payment.status(), payment.failureCode(), payment.failureMessage(),
                    payment.nextActionUrl());
        }
        if (Boolean.TRUE.equals(request.capture()) && payment.status() == PaymentStatus.AUTHORIZED) {
            payment = processor.capture(payment.id(), null, base + ":capture");
        }
        return PaymentView.of(payment);
    }

    @GetMapping("/v1/simulated-processor/payments/{id}")
    PaymentView payment(Caller caller, @PathVariable String id) {
        caller.requireAdmin();
        return processor.retrieve(id).map(PaymentView::of).orElseThrow(() -> PaymentException.notFound(id));
    }

    /** Where {@code next_action_url} points: completes the customer's 3-D Secure step. */
    @AuditExempt(OUTSIDE)
    @PostMapping("/v1/simulated-processor/payments/{id}/authenticate")
    Map<String, Object> authenticate(Caller caller, @PathVariable String id) {
        caller.requireAdmin();
        SimulatedScenarios.Triggered<ProcessorPayment> triggered = scenarios.authenticate(id);
        return Map.of("payment", PaymentView.of(triggered.object()), "event", EventView.of(triggered.delivery()));
    }

    @AuditExempt(OUTSIDE)
    @PostMapping("/v1/simulated-processor/payments/{id}/dispute")
    @ResponseStatus(HttpStatus.CREATED)
    DisputeView dispute(Caller caller, @PathVariable String id, @RequestBody(required = false) OpenDispute request) {
        caller.requireAdmin();
        return DisputeView.of(scenarios.openDispute(id, request == null ? null : request.amount()));
    }

    @AuditExempt(OUTSIDE)
    @PostMapping("/v1/simulated-processor/disputes/{id}/resolve")
    DisputeView resolve(Caller caller, @PathVariable String id, @RequestBody ResolveDispute request) {
        caller.requireAdmin();
        if (!"won".equals(request.outcome()) && !"lost".equals(request.outcome())) {
            throw PaymentException.invalid("invalid_outcome", "outcome must be 'won' or 'lost'");
        }
        return DisputeView.of(scenarios.resolveDispute(id, "won".equals(request.outcome())));
    }

    @AuditExempt(OUTSIDE)
    @PostMapping("/v1/simulated-processor/accounts/{id}/payouts")
    @ResponseStatus(HttpStatus.CREATED)
    EventView payout(Caller caller, @PathVariable String id, @RequestBody Payout request) {
        caller.requireAdmin();
        if (!"paid".equals(request.outcome()) && !"failed".equals(request.outcome())) {
            throw PaymentException.invalid("invalid_outcome", "outcome must be 'paid' or 'failed'");
        }
        return EventView.of(scenarios.payout(id, request.amount() == null ? 0 : request.amount(), request.currency(),
                "paid".equals(request.outcome())));
    }

    record TransferMode(String mode) {
    }

    record TransferOutcome(String outcome) {
    }

    record TransferView(String id, String object, String destination, long amount, String currency, String status,
            String failureCode, EventView event) {
    }

    /** How future transfers to this connected account behave: paid (the default), pending, failed or unavailable. */
    @AuditExempt(OUTSIDE)
    @PutMapping("/v1/simulated-processor/accounts/{id}/transfer-mode")
    Map<String, Object> transferMode(Caller caller, @PathVariable String id, @RequestBody TransferMode request) {
        caller.requireAdmin();
        if (request.mode() == null || !java.util.Set.of("paid", "pending", "failed", "unavailable").contains(request.mode())) {
            throw PaymentException.invalid("invalid_mode", "mode must be paid, pending, failed or unavailable");
        }
        scenarios.transferMode(id, request.mode());
        return Map.of("account", id, "transfer_mode", request.mode());
    }

    /** A pending transfer becomes paid or failed, or a paid one is reversed; a signed webhook reports it. */
    @AuditExempt(OUTSIDE)
    @PostMapping("/v1/simulated-processor/transfers/{id}/settle")
    TransferView settleTransfer(Caller caller, @PathVariable String id, @RequestBody TransferOutcome request) {
        caller.requireAdmin();
        if (request.outcome() == null || !java.util.Set.of("paid", "failed", "reversed").contains(request.outcome())) {
            throw PaymentException.invalid("invalid_outcome", "outcome must be paid, failed or reversed");
        }
        SimulatedScenarios.Triggered<ProcessorTransfer> t = scenarios.settleTransfer(id, request.outcome());
        ProcessorTransfer transfer = t.object();
        return new TransferView(transfer.id(), "simulated_transfer", transfer.destinationAccountId(), transfer.amount(),
                transfer.currency(), request.outcome(), transfer.failureCode(), EventView.of(t.delivery()));
    }

    /** Where the onboarding link points. Simulated onboarding is immediate, so this only shows the ready account. */
    @GetMapping("/v1/simulated-processor/accounts/{id}/onboarding")
    Map<String, Object> onboarding(Caller caller, @PathVariable String id) {
        caller.requireAdmin();
        var account = processor.retrieveConnectedAccount(id);
        return Map.of("id", account.id(), "object", "simulated_account", "charges_enabled", account.chargesEnabled(),
                "payouts_enabled", account.payoutsEnabled(), "ready", account.ready());
    }
}
