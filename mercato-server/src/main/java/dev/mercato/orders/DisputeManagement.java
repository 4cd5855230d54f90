package dev.mercato.orders;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.Allocation;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventReceived;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Chargebacks, as the processor reports them. When a dispute opens, the disputed amount — spread
 * over the order's lines and split like their prices — is held: the sellers' shares (taken as a
 * refund's would be) and the platform's share move into {@code disputes.held}. Won, it goes back
 * (to pending, or to what the seller owes and then available). Lost, it leaves through the
 * processor, and the dispute fee is debited from the sellers in proportion. Each step is keyed by
 * the processor's dispute, so a redelivered webhook changes nothing.
 */
@Component
class DisputeManagement {

    private static final Logger log = LoggerFactory.getLogger(DisputeManagement.class);

    private final Orders orders;
    private final Disputes disputes;
    private final Refunds refunds;
    private final SellerDebits sellerDebits;
    private final Ledger ledger;
    private final OrderLedger money;
    private final Downloads downloads;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DisputeManagement(Orders orders, Disputes disputes, Refunds refunds, SellerDebits sellerDebits, Ledger ledger,
            OrderLedger money, Downloads downloads, ApplicationEventPublisher events, Clock clock) {
        this.orders = orders;
        this.disputes = disputes;
        this.refunds = refunds;
        this.sellerDebits = sellerDebits;
        this.ledger = ledger;
        this.money = money;
        this.downloads = downloads;
        this.events = events;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(ProcessorEventReceived received) {
        ProcessorEvent event = received.event();
        switch (event.type()) {
            case DISPUTE_OPENED -> open(received.adapter(), event);
            case DISPUTE_WON -> resolve(received.adapter(), event, true);
            case DISPUTE_LOST -> resolve(received.adapter(), event, false);
            default -> {
            }
        }
    }

    private void open(String adapter, ProcessorEvent event) {
        Optional<String> orderId = Optional.ofNullable(event.paymentId()).flatMap(orders::byProcessorPayment);
        if (orderId.isEmpty()) {
            log.info("dispute {} is about payment {}, which no order knows; ignored", event.objectId(), event.paymentId());
            return;
        }
        Order order = orders.lock(orderId.get()).orElseThrow();
        if (disputes.lock(adapter, event.objectId()).isPresent() || !order.status().canMoveTo(OrderStatus.DISPUTED)) {
            return;
        }
        long refundable = order.lines().stream().mapToLong(OrderLine::refundable).sum();
        long amount = Math.min(event.amount(), refundable);
        if (amount <= 0) {
            return;
        }
        long[] perLine = Allocation.largestRemainder(amount, order.lines().stream().mapToLong(OrderLine::refundable).toArray());
        String currency = order.currency();
        List<Dispute.Share> shares = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        long platform = 0;
        for (int i = 0; i < perLine.length; i++) {
            OrderLine line = order.lines().get(i);
            long[] split = line.shareOf(perLine[i]);
            if (split[0] > 0) {
                for (SellerDebits.Part part : sellerDebits.debitsFor(line.sellerId(), order.id(), currency,
                        earningsOf(order, line.sellerId()), split[0], order.paidAt())) {
                    entries.add(Entry.debit(part.account(), part.amount(), currency));
                    shares.add(new Dispute.Share(line.sellerId(), part.account().value(), part.amount()));
                }
            }
            platform += split[1];
        }
        if (platform > 0) {
            entries.add(Entry.debit(money.revenueAccount(currency), platform, currency));
            shares.add(new Dispute.Share(null, money.revenueAccount(currency).value(), platform));
        }
        entries.add(Entry.credit(money.disputesHeld(currency).id(), amount, currency));
        String id = Ids.next("dsp", clock);
        ledger.post(new TransactionRequest("dispute:" + adapter + ":" + event.objectId() + ":hold", "dispute.hold", entries,
                null, order.id(), Map.of("dispute_id", id)));
        disputes.insert(new Dispute(id, adapter, event.objectId(), order.id(), currency, amount, 0, "open", shares,
                order.status(), clock.instant(), null));
        orders.status(order.id(), OrderStatus.DISPUTED, clock.instant());
        events.publishEvent(new DisputeOpened(id, order.id(), currency, amount, clock.instant()));
    }

    private void resolve(String adapter, ProcessorEvent event, boolean won) {
        Optional<Dispute> found = disputes.lock(adapter, event.objectId());
        if (found.isEmpty() || !found.get().status().equals("open")) {
            return;
        }
        Dispute dispute = found.get();
        Order order = orders.lock(dispute.orderId()).orElseThrow();
        String currency = dispute.currency();
        AccountId held = money.disputesHeld(currency).id();
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.debit(held, dispute.amount(), currency));
        long fee = won ? 0 : Math.max(0, event.fee());
        if (won) {
            for (Dispute.Share share : dispute.shares()) {
                if (share.sellerId() == null) {
                    entries.add(Entry.credit(new AccountId(share.accountId()), share.amount(), currency));
                } else {
                    sellerDebits.creditsForReturn(share.sellerId(), order.id(), currency, share.amount(),
                            new AccountId(share.accountId()))
                            .forEach(c -> entries.add(Entry.credit(c.account(), c.amount(), currency)));
                }
            }
        } else {
            entries.add(Entry.credit(money.clearingAccount(currency), dispute.amount() + fee, currency));
            List<Dispute.Share> sellers = dispute.shares().stream().filter(s -> s.sellerId() != null).toList();
            long[] fees = sellers.isEmpty() || fee == 0 ? new long[0]
                    : Allocation.largestRemainder(fee, sellers.stream().mapToLong(Dispute.Share::amount).toArray());
            for (int i = 0; i < fees.length; i++) {
                if (fees[i] > 0) {
                    sellerDebits.debitsFor(sellers.get(i).sellerId(), order.id(), currency,
                            earningsOf(order, sellers.get(i).sellerId()), fees[i], order.paidAt())
                            .forEach(debit -> entries.add(Entry.debit(debit.account(), debit.amount(), currency)));
                }
            }
            if (sellers.isEmpty() && fee > 0) {
                entries.add(Entry.debit(money.revenueAccount(currency), fee, currency));
            }
        }
        ledger.post(new TransactionRequest("dispute:" + adapter + ":" + event.objectId() + (won ? ":won" : ":lost"),
                won ? "dispute.won" : "dispute.lost", entries, null, order.id(), Map.of("dispute_id", dispute.id())));
        disputes.resolve(dispute.id(), won ? "won" : "lost", fee, clock.instant());
        events.publishEvent(new DisputeClosed(dispute.id(), order.id(), currency, dispute.amount(), won ? "won" : "lost",
                fee, clock.instant()));
        if (won) {
            orders.status(order.id(), dispute.statusBefore(), clock.instant());
            return;
        }
        long[] perLine = Allocation.largestRemainder(dispute.amount(),
                order.lines().stream().mapToLong(OrderLine::refundable).toArray());
        for (int i = 0; i < perLine.length; i++) {
            if (perLine[i] > 0) {
                refunds.addToLine(order.id(), order.lines().get(i).line(), perLine[i]);
            }
        }
        boolean full = order.lines().stream().mapToLong(OrderLine::refundable).sum() == dispute.amount();
        orders.status(order.id(), full ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED, clock.instant());
        if (full) {
            downloads.revoke(order.id());
        }
    }

    private static long earningsOf(Order order, String sellerId) {
        return order.lines().stream().filter(l -> l.sellerId().equals(sellerId))
                .mapToLong(l -> l.sellerEarnings() == null ? 0 : l.sellerEarnings()).sum();
    }
}
