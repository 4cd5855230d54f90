package dev.mercato.orders;

import dev.mercato.ledger.Allocation;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.LedgerError;
import dev.mercato.ledger.LedgerException;
import dev.mercato.ledger.ReversalRequest;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.ProcessorRefund;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives money back for order lines, in full or in part. Each line's refund is split in proportion
 * to how its price was split — the seller's earnings and the platform's commission, exactly, by
 * largest remainder — and, when configured, the processor's fee share comes back to the platform.
 *
 * <p>Order of steps: first, in one transaction, the split is posted into "refunds in flight" and
 * the lines' refunded amounts grow (the order row is locked, so two refunds can never exceed what
 * was captured); a seller balance that cannot cover its share stops the refund here, before any
 * money moves. Then the processor refunds the buyer. Then the money in flight leaves through
 * processor clearing and the order becomes partially or fully refunded; a full refund revokes
 * what the order granted. If the processor refuses, the first posting is reversed.
 */
@Service
public class RefundManagement {

    private static final Set<OrderStatus> REFUNDABLE = EnumSet.of(OrderStatus.PAID, OrderStatus.FULFILLED,
            OrderStatus.PARTIALLY_REFUNDED);

    /** A line and how much of it to refund. */
    public record LineAmount(int line, long amount) {
    }

    private final Orders orders;
    private final Refunds refunds;
    private final SellerDebits sellerDebits;
    private final Ledger ledger;
    private final OrderLedger money;
    private final PaymentManagement payments;
    private final Downloads downloads;
    private final Purchases purchases;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final boolean processorFeeReturned;
    private final AuditLog audit;

    RefundManagement(Orders orders, Refunds refunds, SellerDebits sellerDebits, Ledger ledger, OrderLedger money,
            PaymentManagement payments, Downloads downloads, Purchases purchases, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock,
            @Value("${mercato.refunds.processor-fee-returned:false}") boolean processorFeeReturned, AuditLog audit) {
        this.audit = audit;
        this.orders = orders;
        this.refunds = refunds;
        this.sellerDebits = sellerDebits;
        this.ledger = ledger;
        this.money = money;
        this.payments = payments;
        this.downloads = downloads;
        this.purchases = purchases;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.processorFeeReturned = processorFeeReturned;
    }

    /**
     * Refunds the given lines, or {@code amount} spread over what is left of every line, or (both
     * null) everything left. Operators may refund any order; a seller only lines it sold.
     */
    public Refund refund(Caller caller, String orderId, List<LineAmount> lines, Long amount, String reason) {
        if (reason != null && reason.length() > 500) {
            throw ApiException.invalid("invalid_reason", "reason is at most 500 characters");
        }
        String refundId = Ids.next("rf", clock);
        Transaction[] split = new Transaction[1];
        Refund refund;
        try {
            refund = transactions.execute(status -> {
                Order order = orders.lock(orderId).orElseThrow(() -> notFound(orderId));
                if (!caller.admin() && order.lines().stream().noneMatch(l -> l.sellerId().equals(caller.userId()))) {
                    throw notFound(orderId);
                }
                if (!REFUNDABLE.contains(order.status()) || order.paymentId() == null) {
                    throw new ApiException(409, "order_not_refundable", "order " + orderId + " is " + order.status().code()
                            + (order.paymentId() == null ? " and was free" : ""));
                }
                List<Refund.Line> parts = parts(order, lines, amount);
                if (!caller.admin() && parts.stream().anyMatch(p -> !sellerOf(order, p.line()).equals(caller.userId()))) {
                    throw notFound(orderId);
                }
                split[0] = postSplit(order, refundId, parts);
                Refund created = new Refund(refundId, orderId, parts.stream().mapToLong(Refund.Line::amount).sum(), "pending",
                        reason, parts, null, null, caller.actorId(), clock.instant());
                refunds.insert(created);
                parts.forEach(p -> refunds.addToLine(orderId, p.line(), p.amount()));
                audit.changed("order", orderId, order.auditState(), orders.find(orderId).orElseThrow().auditState());
                audit.changed("refund", refundId, null, Map.of("amount", created.amount(), "status", created.status(),
                        "lines", parts.stream().map(p -> "line " + p.line() + " " + p.amount()).toList()));
                return created;
            });
        } catch (LedgerException refused) {
            if (refused.error() == LedgerError.INSUFFICIENT_FUNDS) {
                throw new ApiException(422, "seller_balance_insufficient",
                        "the seller's balance cannot cover its share, even within its negative limit: " + refused.getMessage());
            }
            throw refused;
        }
        Order order = orders.find(orderId).orElseThrow();
        ProcessorRefund processed;
        try {
            processed = payments.refund(order.paymentId(), refund.amount(), "refund:" + refundId);
        } catch (PaymentException failed) {
            compensate(refund, split[0], failed.code());
            throw failed;
        }
        return settle(refund, processed.id());
    }

    public Optional<Refund> find(String refundId, Caller caller) {
        return refunds.find(refundId).filter(r -> caller.admin()
                || orders.find(r.orderId()).map(o -> r.lines().stream().allMatch(l -> sellerOf(o, l.line()).equals(caller.userId())))
                        .orElse(false));
    }

    private Refund settle(Refund refund, String processorRefund) {
        transactions.executeWithoutResult(status -> {
            Order order = orders.lock(refund.orderId()).orElseThrow();
            ledger.post(new TransactionRequest("refund:" + refund.id() + ":paid", "order.refund.paid",
                    List.of(Entry.debit(money.refundsInFlight(order.currency()).id(), refund.amount(), order.currency()),
                            Entry.credit(money.clearingAccount(order.currency()), refund.amount(), order.currency())),
                    null, order.id(), Map.of("refund_id", refund.id())));
            refunds.finish(refund.id(), "succeeded", processorRefund, null, clock.instant());
            boolean full = order.lines().stream().allMatch(l -> l.refundable() == 0);
            orders.status(order.id(), full ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED, clock.instant());
            if (full) {
                downloads.revoke(order.id());
                purchases.revoke(order.id());
            }
            events.publishEvent(new OrderRefunded(order.id(), refund.id(), order.currency(), refund.amount(), full,
                    clock.instant()));
        });
        return refunds.find(refund.id()).orElseThrow();
    }

    private void compensate(Refund refund, Transaction split, String failureCode) {
        transactions.executeWithoutResult(status -> {
            orders.lock(refund.orderId()).orElseThrow();
            ledger.reverse(split.id(), new ReversalRequest("refund:" + refund.id() + ":undo", null, "processor refused the refund"));
            refund.lines().forEach(p -> refunds.addToLine(refund.orderId(), p.line(), -p.amount()));
            refunds.finish(refund.id(), "failed", null, failureCode, clock.instant());
        });
    }

    /** How much of each line to refund, and each line's exact split of it. */
    private List<Refund.Line> parts(Order order, List<LineAmount> lines, Long amount) {
        List<LineAmount> wanted = new ArrayList<>();
        if (lines != null && !lines.isEmpty()) {
            if (amount != null) {
                throw ApiException.invalid("validation_failed", "give lines or amount, not both");
            }
            for (LineAmount l : lines) {
                OrderLine line = order.lines().stream().filter(x -> x.line() == l.line()).findFirst()
                        .orElseThrow(() -> ApiException.invalid("invalid_line", "order " + order.id() + " has no line " + l.line()));
                if (l.amount() <= 0) {
                    throw ApiException.invalid("invalid_amount", "a refund amount is positive");
                }
                if (l.amount() > line.refundable()) {
                    throw new ApiException(422, "refund_exceeds_captured", "line " + l.line() + " has " + line.refundable()
                            + " left to refund, " + l.amount() + " requested");
                }
                wanted.add(l);
            }
        } else {
            long left = order.lines().stream().mapToLong(OrderLine::refundable).sum();
            long requested = amount == null ? left : amount;
            if (left == 0) {
                throw new ApiException(409, "order_already_refunded", "nothing of order " + order.id() + " is left to refund");
            }
            if (requested <= 0) {
                throw ApiException.invalid("invalid_amount", "a refund amount is positive");
            }
            if (requested > left) {
                throw new ApiException(422, "refund_exceeds_captured", left + " is left to refund, " + requested + " requested");
            }
            long[] spread = Allocation.largestRemainder(requested,
                    order.lines().stream().mapToLong(OrderLine::refundable).toArray());
            for (int i = 0; i < spread.length; i++) {
                if (spread[i] > 0) {
                    wanted.add(new LineAmount(order.lines().get(i).line(), spread[i]));
                }
            }
        }
        List<Refund.Line> parts = new ArrayList<>();
        for (LineAmount w : wanted) {
            OrderLine line = order.lines().stream().filter(x -> x.line() == w.line()).findFirst().orElseThrow();
            long[] sellerAndPlatform = line.shareOf(w.amount());
            long fee = processorFeeReturned && line.processorFee() != null && line.processorFee() > 0
                    ? Allocation.largestRemainder(w.amount(), line.price() - line.processorFee(), line.processorFee())[1] : 0;
            parts.add(new Refund.Line(w.line(), w.amount(), sellerAndPlatform[0], sellerAndPlatform[1], fee));
        }
        return parts;
    }

    private Transaction postSplit(Order order, String refundId, List<Refund.Line> parts) {
        String currency = order.currency();
        List<Entry> entries = new ArrayList<>();
        long platform = 0;
        long fees = 0;
        long total = 0;
        for (Refund.Line part : parts) {
            OrderLine line = order.lines().stream().filter(x -> x.line() == part.line()).findFirst().orElseThrow();
            if (part.seller() > 0) {
                long orderEarnings = order.lines().stream().filter(x -> x.sellerId().equals(line.sellerId()))
                        .mapToLong(x -> x.sellerEarnings() == null ? 0 : x.sellerEarnings()).sum();
                sellerDebits.debitsFor(line.sellerId(), order.id(), currency, orderEarnings, part.seller(), order.paidAt())
                        .forEach(debit -> entries.add(Entry.debit(debit.account(), debit.amount(), currency)));
            }
            platform += part.platform();
            fees += part.fee();
            total += part.amount();
        }
        if (platform > 0) {
            entries.add(Entry.debit(money.revenueAccount(currency), platform, currency));
        }
        entries.add(Entry.credit(money.refundsInFlight(currency).id(), total, currency));
        if (fees > 0) {
            entries.add(Entry.debit(money.feesAccount(currency), fees, currency));
            entries.add(Entry.credit(money.revenueAccount(currency), fees, currency));
        }
        return ledger.post(new TransactionRequest("refund:" + refundId, "order.refund", entries, null, order.id(),
                Map.of("refund_id", refundId)));
    }

    private static String sellerOf(Order order, int line) {
        return order.lines().stream().filter(x -> x.line() == line).findFirst().map(OrderLine::sellerId).orElse("");
    }

    private static ApiException notFound(String orderId) {
        return ApiException.notFound("order_not_found", "no order " + orderId);
    }
}
