package dev.mercato.payouts;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.LedgerError;
import dev.mercato.ledger.LedgerException;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.orders.MarketplaceAccounts;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentProcessor;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.ProcessorTransfer;
import dev.mercato.payments.TransferRequest;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pays sellers from their available earnings. Requesting a payout moves the amount from
 * available to in-transit in the ledger in the same transaction that records it — so two payouts,
 * or a payout and a refund, can never spend the same money — then asks the processor to transfer
 * it. A paid transfer takes it out of the platform (processor clearing); a refused, failed or
 * reversed one returns it to available. A transfer whose outcome is not known yet (pending at the
 * processor, or unanswered) leaves the payout in transit until a transfer webhook or the janitor
 * ({@link #reconcileUnsettled()}) settles it. No database transaction is open while the processor
 * is called.
 */
@Service
public class PayoutManagement {

    private static final Logger log = LoggerFactory.getLogger(PayoutManagement.class);
    /** How long a payout's transfer may stay unconfirmed before the janitor asks the processor. */
    static final Duration CHECK_AFTER = Duration.ofMinutes(1);

    private final Payouts payouts;
    private final PayoutAccounts payoutAccounts;
    private final EarningsRelease earnings;
    private final Ledger ledger;
    private final Accounts accounts;
    private final PaymentProcessors processors;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final long minimum;
    private final AuditLog audit;

    PayoutManagement(Payouts payouts, PayoutAccounts payoutAccounts, EarningsRelease earnings, Ledger ledger,
            Accounts accounts, PaymentProcessors processors, TransactionTemplate transactions, ApplicationEventPublisher events,
            Clock clock,
            @Value("${mercato.payouts.minimum-minor:100}") long minimum, AuditLog audit) {
        this.audit = audit;
        this.payouts = payouts;
        this.payoutAccounts = payoutAccounts;
        this.earnings = earnings;
        this.ledger = ledger;
        this.accounts = accounts;
        this.processors = processors;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.minimum = minimum;
    }

    /** Pays out {@code amount} (null: everything available) of the seller's available earnings in a currency. */
    public Payout request(String sellerId, Long amount, String currency) {
        return request(sellerId, amount, currency, Payout.Origin.REQUEST);
    }

    Payout request(String sellerId, Long amount, String currency, Payout.Origin origin) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw ApiException.invalid("invalid_currency", "currency is an ISO 4217 code such as USD");
        }
        PayoutAccount account = payoutAccounts.ofSeller(sellerId).filter(PayoutAccount::ready)
                .orElseThrow(() -> new ApiException(422, "payout_account_not_ready", "the seller has no ready payout account"));
        AccountId available = earnings.available(sellerId, currency);
        long requested = amount != null ? amount : accounts.balance(available).available();
        if (requested < minimum) {
            throw new ApiException(422, "payout_below_minimum",
                    "a payout is at least " + minimum + " minor units; " + requested + " was requested");
        }
        Instant now = clock.instant();
        Payout payout = new Payout(Ids.next("po", clock), sellerId, currency, requested, PayoutStatus.REQUESTED,
                account.processor(), null, null, now, now, null, origin);
        try {
            transactions.executeWithoutResult(status -> {
                payouts.insert(payout, now.plus(CHECK_AFTER));
                move(payout, "reserve", available, inTransit(currency));
                audit.changed("payout", payout.id(), null, Map.of("amount", requested, "currency", currency,
                        "status", payout.status().code(), "origin", origin.name().toLowerCase(java.util.Locale.ROOT)));
            });
        } catch (LedgerException refused) {
            if (refused.error() == LedgerError.INSUFFICIENT_FUNDS) {
                throw new ApiException(422, "payout_exceeds_available",
                        "the payout is more than the available balance: " + refused.getMessage());
            }
            throw refused;
        }
        return transfer(payout, account);
    }

    public Optional<Payout> find(String payoutId) {
        return payouts.find(payoutId);
    }

    public List<Payout> history(String sellerId, String startingAfter, int limit) {
        return payouts.ofSeller(sellerId, startingAfter, limit);
    }

    /** The smallest payout, in minor units ({@code mercato.payouts.minimum-minor}). */
    long minimum() {
        return minimum;
    }

    long paidOut(String sellerId, String currency) {
        return payouts.paidOut(sellerId, currency);
    }

    /**
     * What the processor says about a transfer, from its webhook: a pending transfer completed or
     * failed, or a paid one was reversed. Events about transfers Mercato did not make are ignored.
     */
    void onTransfer(String processor, String transferId, PayoutStatus outcome, String failureCode) {
        payouts.byTransfer(processor, transferId).ifPresent(payout -> settle(payout.id(), outcome, transferId, failureCode));
    }

    /**
     * Finishes payouts whose transfer outcome is unknown — requested but interrupted before the
     * processor answered, or still in transit — by asking the processor. A transfer the processor
     * never made is sent again under the same idempotency key, so a seller is never paid twice.
     *
     * @return how many payouts were looked at
     */
    public int reconcileUnsettled() {
        Instant now = clock.instant();
        List<Payout> due = transactions.execute(status -> payouts.claimUnsettled(now, now.plus(CHECK_AFTER), 100));
        for (Payout payout : due) {
            try {
                reconcile(payout);
            } catch (RuntimeException e) {
                log.warn("payout {}: the processor could not be asked about its transfer; will retry", payout.id(), e);
            }
        }
        return due.size();
    }

    private void reconcile(Payout payout) {
        PaymentProcessor processor = processors.get(payout.processor());
        Optional<ProcessorTransfer> known = processor.findTransfer(payout.processorTransferId(), payout.id());
        if (known.isPresent()) {
            apply(payout.id(), known.get());
            return;
        }
        PayoutAccount account = payoutAccounts.ofSeller(payout.sellerId()).orElse(null);
        if (account == null) {
            settle(payout.id(), PayoutStatus.FAILED, null, "payout_account_missing");
            return;
        }
        transfer(payout, account);
    }

    private Payout transfer(Payout payout, PayoutAccount account) {
        ProcessorTransfer transfer;
        try {
            transfer = processors.get(account.processor()).transfer(new TransferRequest(account.processorAccountId(),
                    payout.amount(), payout.currency(), "payout:" + payout.id(), payout.id(), null,
                    Map.of("payout_id", payout.id(), "seller_id", payout.sellerId())));
        } catch (PaymentException refused) {
            return settle(payout.id(), PayoutStatus.FAILED, null, refused.code());
        } catch (RuntimeException unanswered) {
            log.warn("payout {}: the transfer got no answer; the janitor will ask the processor", payout.id(), unanswered);
            return settle(payout.id(), PayoutStatus.IN_TRANSIT, null, null);
        }
        return apply(payout.id(), transfer);
    }

    private Payout apply(String payoutId, ProcessorTransfer transfer) {
        return switch (transfer.status()) {
            case PAID -> settle(payoutId, PayoutStatus.PAID, transfer.id(), null);
            case FAILED -> settle(payoutId, PayoutStatus.FAILED, transfer.id(),
                    transfer.failureCode() == null ? "transfer_failed" : transfer.failureCode());
            case PENDING, UNKNOWN -> settle(payoutId, PayoutStatus.IN_TRANSIT, transfer.id(), null);
        };
    }

    /**
     * Moves a payout to its outcome, with the matching ledger movement, once: paid takes the money
     * out through processor clearing; failed returns it to the seller's available balance — also
     * after it was paid, when the processor reverses the transfer.
     */
    private Payout settle(String payoutId, PayoutStatus outcome, String transferId, String failureCode) {
        transactions.executeWithoutResult(status -> {
            Payout payout = payouts.lock(payoutId).orElseThrow();
            if (payout.status() == outcome && outcome == PayoutStatus.IN_TRANSIT) {
                payouts.move(payoutId, outcome, transferId, failureCode, clock.instant());
                return;
            }
            if (!payout.status().canMoveTo(outcome)) {
                return;
            }
            switch (outcome) {
                case PAID -> move(payout, "paid", inTransit(payout.currency()), clearing(payout.currency()));
                case FAILED -> {
                    if (payout.status() == PayoutStatus.PAID) {
                        move(payout, "reversed", clearing(payout.currency()),
                                earnings.available(payout.sellerId(), payout.currency()));
                    } else {
                        move(payout, "returned", inTransit(payout.currency()),
                                earnings.available(payout.sellerId(), payout.currency()));
                    }
                }
                default -> {
                }
            }
            Instant now = clock.instant();
            payouts.move(payoutId, outcome, transferId, failureCode, now);
            switch (outcome) {
                case PAID -> events.publishEvent(new PayoutPaid(payout.id(), payout.sellerId(), payout.currency(),
                        payout.amount(), transferId != null ? transferId : payout.processorTransferId(), now));
                case FAILED -> events.publishEvent(new PayoutFailed(payout.id(), payout.sellerId(), payout.currency(),
                        payout.amount(), failureCode, payout.status() == PayoutStatus.PAID, now));
                default -> {
                }
            }
        });
        return payouts.find(payoutId).orElseThrow();
    }

    private void move(Payout payout, String step, AccountId from, AccountId to) {
        ledger.post(new TransactionRequest("payout:" + payout.id() + ":" + step, "payout." + step,
                List.of(Entry.debit(from, payout.amount(), payout.currency()), Entry.credit(to, payout.amount(), payout.currency())),
                null, payout.id(), Map.of("seller_id", payout.sellerId())));
    }

    private AccountId inTransit(String currency) {
        return accounts.idOf(NewAccount.of(AccountOwner.system("payouts"), "payouts.in_transit", currency));
    }

    private AccountId clearing(String currency) {
        return accounts.idOf(MarketplaceAccounts.clearing(currency));
    }
}
