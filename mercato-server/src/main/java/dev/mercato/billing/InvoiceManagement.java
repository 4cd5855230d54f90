package dev.mercato.billing;

import dev.mercato.billing.core.InvoiceAction;
import dev.mercato.billing.core.InvoiceStateMachine;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import dev.mercato.platform.Page;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invoices of subscription charges. Issued inside the transaction that records the charge (so
 * every paid amount is already the ledger transaction it references), numbered from a per-year
 * counter row locked by that transaction, so numbers have no gaps; an unpaid period gets an open
 * invoice that a later payment pays or dunning marks uncollectible. Every status change goes
 * through {@link InvoiceStateMachine}.
 */
@Service
public class InvoiceManagement {

    private final Invoices invoices;
    private final BillingCache cache;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    InvoiceManagement(Invoices invoices, BillingCache cache, TransactionTemplate transactions, AuditLog audit, Clock clock) {
        this.invoices = invoices;
        this.cache = cache;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    public Invoice find(Caller caller, String id) {
        return invoices.find(id).filter(i -> caller.mayAccess(i.userId()))
                .orElseThrow(() -> ApiException.notFound("invoice_not_found", "no invoice " + id));
    }

    public Page<Invoice> list(Caller caller, String startingAfter, int limit) {
        return Page.fromOverfetch(invoices.ofUser(caller.userId(), startingAfter, limit + 1), limit);
    }

    /** Operators void an open invoice: nothing is owed on it any more (audited). */
    public Invoice voidInvoice(Caller caller, String id) {
        caller.requireAdmin();
        return transactions.execute(status -> {
            Invoice locked = invoices.lock(id).orElseThrow(() -> ApiException.notFound("invoice_not_found", "no invoice " + id));
            Instant now = clock.instant();
            Invoice after = with(locked, transition(locked, InvoiceAction.VOID), locked.number(), locked.creditApplied(),
                    locked.amountPaid(), locked.paymentId(), locked.ledgerTxnId(), locked.finalizedAt(), null, now, null);
            invoices.update(after);
            audit.changed("invoice", id, locked.auditState(), after.auditState());
            return after;
        });
    }

    /** The plan line of a period: "Pro (month), 2026-11-21 to 2026-12-21". */
    Invoice.Line planLine(Subscription s, long amount, String ledgerTxnId) {
        String name = cache.findPlan(s.planId()).map(Plan::name).orElse(s.planId());
        return new Invoice.Line("plan", name + " (" + s.interval().code() + "), " + day(s.currentPeriodStart()) + " to "
                + day(s.currentPeriodEnd()), amount, ledgerTxnId);
    }

    /** The period's open invoice (an unpaid renewal), if there is one. */
    java.util.Optional<Invoice> open(String subscriptionId, Instant periodStart) {
        return invoices.open(subscriptionId, periodStart);
    }

    /**
     * In the charge's transaction: pays the period's open invoice if there is one, else issues a
     * paid invoice of {@code bill} (draft, finalized, paid), adding the account credit applied.
     */
    Invoice charged(Subscription s, Bill bill, SubscriptionPayments.Paid paid, String ledgerTxnId, Instant now) {
        var open = invoices.lockOpen(s.id(), s.currentPeriodStart());
        if (open.isPresent()) {
            Invoice o = open.get();
            Invoice after = with(o, transition(o, InvoiceAction.PAY), o.number(), paid.creditApplied(), paid.byCard(),
                    paid.paymentId(), ledgerTxnId, o.finalizedAt(), now, null, null);
            invoices.update(after);
            return after;
        }
        List<Invoice.Line> all = new ArrayList<>(bill.lines().stream().map(l -> l.ledgerTxnId() != null ? l
                : new Invoice.Line(l.kind(), l.description(), l.amount(), ledgerTxnId)).toList());
        if (paid.creditApplied() > 0) {
            all.add(new Invoice.Line(Bill.ACCOUNT_CREDIT, "Account credit applied", -paid.creditApplied(), ledgerTxnId));
        }
        Invoice draft = draft(s, bill, all, now);
        Invoice open2 = finalize(draft, now);
        Invoice after = with(open2, transition(open2, InvoiceAction.PAY), open2.number(), paid.creditApplied(), paid.byCard(),
                paid.paymentId(), ledgerTxnId, open2.finalizedAt(), now, null, null);
        invoices.insert(after);
        return after;
    }

    /**
     * In the failure's transaction: the unpaid period's open invoice of {@code bill} (one per period;
     * none again after an operator voided it).
     *
     * @return true when it was issued now
     */
    boolean unpaid(Subscription pastDue, Bill bill, Instant now) {
        if (invoices.invoicedUnpaid(pastDue.id(), pastDue.currentPeriodStart())) {
            return false;
        }
        invoices.insert(finalize(draft(pastDue, bill, bill.lines(), now), now));
        return true;
    }

    /** In dunning's final transaction: the period's open invoice will not be collected. */
    void uncollectible(String subscriptionId, Instant periodStart, Instant now) {
        invoices.lockOpen(subscriptionId, periodStart).ifPresent(o -> invoices.update(with(o,
                transition(o, InvoiceAction.MARK_UNCOLLECTIBLE), o.number(), o.creditApplied(), o.amountPaid(),
                o.paymentId(), o.ledgerTxnId(), o.finalizedAt(), null, null, now)));
    }

    private Invoice draft(Subscription s, Bill bill, List<Invoice.Line> lines, Instant now) {
        long credit = -lines.stream().filter(l -> l.kind().equals(Bill.ACCOUNT_CREDIT)).mapToLong(Invoice.Line::amount).sum();
        return new Invoice(Ids.next("in", clock), null, s.userId(), s.id(), InvoiceStatus.DRAFT, s.currency(), bill.subtotal(),
                bill.discount(), bill.tax(), bill.taxRatePercent(), bill.total(), credit, Math.max(bill.total() - credit, 0), 0,
                s.currentPeriodStart(), s.currentPeriodEnd(), null, null, now, null, null, null, null, List.copyOf(lines));
    }

    private Invoice finalize(Invoice draft, Instant now) {
        int year = now.atZone(ZoneOffset.UTC).getYear();
        String number = "INV-%d-%06d".formatted(year, invoices.nextNumber(year));
        return with(draft, transition(draft, InvoiceAction.FINALIZE), number, draft.creditApplied(), 0, null, null, now,
                null, null, null);
    }

    private static Invoice with(Invoice i, InvoiceStatus status, String number, long creditApplied, long amountPaid,
            String paymentId, String ledgerTxnId, Instant finalizedAt, Instant paidAt, Instant voidedAt, Instant uncollectibleAt) {
        long due = Math.max(i.total() - creditApplied, 0);
        return new Invoice(i.id(), number, i.userId(), i.subscriptionId(), status, i.currency(), i.subtotal(), i.discount(),
                i.tax(), i.taxRatePercent(), i.total(), creditApplied, due, amountPaid, i.periodStart(), i.periodEnd(), paymentId, ledgerTxnId,
                i.createdAt(), finalizedAt, paidAt, voidedAt, uncollectibleAt, i.lines());
    }

    private static InvoiceStatus transition(Invoice i, InvoiceAction action) {
        try {
            return InvoiceStateMachine.next(i.status(), action);
        } catch (IllegalStateException e) {
            throw new ApiException(409, "invalid_transition", "invoice " + i.id() + ": " + e.getMessage(),
                    Map.of("status", i.status().code(), "action", action.name().toLowerCase()));
        }
    }

    private static String day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
