package dev.mercato.payments.simulated;

import dev.mercato.payments.ProcessorTransfer;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.payments.ProcessorEventType;
import dev.mercato.payments.ProcessorPayment;
import dev.mercato.payments.internal.PaymentsProperties;
import dev.mercato.payments.simulated.SimulatedDisputes.Dispute;
import dev.mercato.payments.simulated.SimulatedWebhooks.Delivery;
import dev.mercato.platform.Ids;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Things that happen on the processor's side without Mercato asking — a customer completing
 * 3-D Secure, a chargeback and its outcome, a seller's payout — each followed by its webhook.
 * Operators and tests trigger them through {@code /v1/simulated-processor}.
 */
@Component
class SimulatedScenarios {

    /** A change on the simulated processor and the webhook that reported it. */
    record Triggered<T>(T object, Delivery delivery) {
    }

    private final SimulatedPayments payments;
    private final SimulatedDisputes disputes;
    private final SimulatedAccounts accounts;
    private final SimulatedWebhooks webhooks;
    private final SimulatedUrls urls;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final PaymentsProperties properties;

    SimulatedScenarios(SimulatedPayments payments, SimulatedDisputes disputes, SimulatedAccounts accounts,
            SimulatedWebhooks webhooks, SimulatedUrls urls, TransactionTemplate transactions, Clock clock,
            PaymentsProperties properties) {
        this.payments = payments;
        this.disputes = disputes;
        this.accounts = accounts;
        this.webhooks = webhooks;
        this.urls = urls;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    /** The customer completes 3-D Secure: the payment becomes authorized. */
    Triggered<ProcessorPayment> authenticate(String paymentId) {
        SimulatedPayment payment = transactions.execute(status -> {
            SimulatedPayment found = payments.lock(paymentId).orElseThrow(() -> PaymentException.notFound(paymentId));
            if (found.status() != PaymentStatus.REQUIRES_ACTION) {
                throw PaymentException.conflict("payment_not_awaiting_action",
                        "payment " + paymentId + " is " + found.status().code() + " and awaits no customer action");
            }
            payments.update(paymentId, PaymentStatus.AUTHORIZED, 0, 0, clock.instant());
            return payments.find(paymentId).orElseThrow();
        });
        Delivery delivery = webhooks.emit(ProcessorEventType.PAYMENT_AUTHORIZED, payment.id(), payment.id(), null,
                payment.amount(), 0, payment.currency(), null);
        return new Triggered<>(payment.view(urls), delivery);
    }

    /** The cardholder disputes a captured payment; by default all of what is left of it. */
    Triggered<Dispute> openDispute(String paymentId, Long amount) {
        Dispute dispute = transactions.execute(status -> {
            SimulatedPayment payment = payments.lock(paymentId).orElseThrow(() -> PaymentException.notFound(paymentId));
            if (payment.status() != PaymentStatus.CAPTURED) {
                throw PaymentException.conflict("payment_not_captured",
                        "only a captured payment can be disputed; " + paymentId + " is " + payment.status().code());
            }
            long left = payment.amountCaptured() - payment.amountRefunded() - disputes.disputedOf(paymentId);
            long disputed = amount == null ? left : amount;
            if (disputed <= 0 || disputed > left) {
                throw PaymentException.unprocessable("dispute_exceeds_captured", "a dispute must be for 1 to " + left
                        + ", what is left of the payment after refunds and other disputes");
            }
            Dispute opened = new Dispute(Ids.next("sim_dp", clock), paymentId, disputed,
                    properties.simulated().disputeFeeMinor(), payment.currency(), "needs_response");
            disputes.insert(opened, clock.instant());
            return opened;
        });
        return new Triggered<>(dispute, webhooks.emit(ProcessorEventType.DISPUTE_OPENED, dispute.id(),
                dispute.paymentId(), null, dispute.amount(), dispute.fee(), dispute.currency(), null));
    }

    /** The card network decides: won returns the disputed amount to the platform, lost keeps it with the cardholder. */
    Triggered<Dispute> resolveDispute(String disputeId, boolean won) {
        Dispute resolved = transactions.execute(status -> {
            Dispute dispute = disputes.lock(disputeId).orElseThrow(() -> new PaymentException(404, "dispute_not_found",
                    "no dispute " + disputeId));
            if (!dispute.status().equals("needs_response")) {
                throw PaymentException.conflict("dispute_closed", "dispute " + disputeId + " was already " + dispute.status());
            }
            String outcome = won ? "won" : "lost";
            disputes.resolve(disputeId, outcome, clock.instant());
            return new Dispute(dispute.id(), dispute.paymentId(), dispute.amount(), dispute.fee(), dispute.currency(),
                    outcome);
        });
        return new Triggered<>(resolved, webhooks.emit(won ? ProcessorEventType.DISPUTE_WON : ProcessorEventType.DISPUTE_LOST,
                resolved.id(), resolved.paymentId(), null, resolved.amount(), resolved.fee(), resolved.currency(), null));
    }

    /** How future transfers to a connected account behave: paid, pending (until settled), failed or unavailable. */
    void transferMode(String accountId, String mode) {
        if (!accounts.transferMode(accountId, mode)) {
            throw new PaymentException(404, "account_not_found", "the processor has no connected account " + accountId);
        }
    }

    /** A pending transfer completes or fails; a paid one can be reversed, its funds back with the platform. */
    Triggered<ProcessorTransfer> settleTransfer(String transferId, String outcome) {
        SimulatedAccounts.Transfer settled = transactions.execute(status -> {
            SimulatedAccounts.Transfer transfer = accounts.lockTransfer(transferId)
                    .orElseThrow(() -> new PaymentException(404, "transfer_not_found", "no transfer " + transferId));
            String from = outcome.equals("reversed") ? "paid" : "pending";
            if (!transfer.status().equals(from)) {
                throw PaymentException.conflict("transfer_not_" + from, "transfer " + transferId + " is "
                        + transfer.status() + "; only a " + from + " transfer can become " + outcome);
            }
            String failure = outcome.equals("failed") ? "account_closed" : outcome.equals("reversed") ? "transfer_reversed" : null;
            accounts.transferStatus(transferId, outcome, failure);
            return accounts.findTransfer(transferId).orElseThrow();
        });
        ProcessorEventType type = switch (outcome) {
            case "paid" -> ProcessorEventType.TRANSFER_PAID;
            case "failed" -> ProcessorEventType.TRANSFER_FAILED;
            default -> ProcessorEventType.TRANSFER_REVERSED;
        };
        return new Triggered<>(settled.view(), webhooks.emit(type, settled.id(), null, settled.accountId(), settled.amount(),
                0, settled.currency(), settled.failureCode()));
    }

    /** The processor pays out (or fails to pay out) a connected account's balance to its bank. */
    Delivery payout(String accountId, long amount, String currency, boolean paid) {
        if (accounts.find(accountId).isEmpty()) {
            throw new PaymentException(404, "account_not_found", "the processor has no connected account " + accountId);
        }
        if (amount <= 0 || currency == null || !currency.matches("[A-Za-z]{3}")) {
            throw PaymentException.invalid("invalid_amount", "a payout needs a positive amount and a three-letter currency");
        }
        return webhooks.emit(paid ? ProcessorEventType.PAYOUT_PAID : ProcessorEventType.PAYOUT_FAILED,
                Ids.next("sim_po", clock), null, accountId, amount, 0, currency.toUpperCase(),
                paid ? null : "account_closed");
    }
}
