package dev.mercato.analytics;

import dev.mercato.catalog.ListingPublished;
import dev.mercato.orders.OrderPaid;
import dev.mercato.orders.OrderRefunded;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Feeds analytics from the other modules' events, each in its own transaction after theirs
 * committed. The outbox may deliver an event again (a listener failed, an instance died): a paid
 * order's lines and a refund are recorded once each, keyed by their ids, so a redelivery changes
 * nothing. An OrderRefunded that arrives before its OrderPaid is kept and applied when the OrderPaid comes.
 */
@Component
class AnalyticsEvents {

    private final Rollups rollups;
    private final Clock clock;

    AnalyticsEvents(Rollups rollups, Clock clock) {
        this.rollups = rollups;
        this.clock = clock;
    }

    /** Version 1 is published exactly once per listing: its first publication, a "new listing". */
    @ApplicationModuleListener
    void on(ListingPublished published) {
        rollups.listing(published.listingId(), published.sellerId(), published.version() == 1 ? clock.instant() : null);
    }

    @ApplicationModuleListener
    void on(OrderPaid paid) {
        rollups.lockOrder(paid.orderId());
        List<Rollups.PaidLine> lines = new ArrayList<>();
        List<OrderPaid.PaidLine> bought = paid.lines() == null ? List.of() : paid.lines();
        for (int i = 0; i < bought.size(); i++) {
            OrderPaid.PaidLine l = bought.get(i);
            lines.add(new Rollups.PaidLine(i + 1, l.listingId(), l.sellerId(), Rollups.category(l.categoryId()), l.price(), 0));
        }
        Instant paidAt = paid.paidAt() == null ? clock.instant() : paid.paidAt();
        if (lines.isEmpty() || !rollups.paidLines(paid.orderId(), paid.currency(), paidAt, lines)) {
            return;
        }
        rollups.addSales(Window.today(paidAt), paid.currency(), lines, null, true);
        applyPendingRefunds(paid.orderId());
    }

    @ApplicationModuleListener
    void on(OrderRefunded refunded) {
        rollups.lockOrder(refunded.orderId());
        Instant at = refunded.at() == null ? clock.instant() : refunded.at();
        if (rollups.refund(refunded.refundId(), refunded.orderId(), refunded.currency(), refunded.amount(), refunded.full(), at)) {
            applyPendingRefunds(refunded.orderId());
        }
    }

    /** Refunds are counted on the day they were made, as the revenue report counts them. */
    private void applyPendingRefunds(String orderId) {
        List<Rollups.PendingRefund> pending = rollups.pendingRefunds(orderId);
        for (Rollups.PendingRefund refund : pending) {
            List<Rollups.PaidLine> lines = rollups.lines(orderId);
            if (lines.isEmpty()) {
                return;
            }
            long[] parts = rollups.applyRefund(refund.refundId(), orderId, lines, refund.amount(), refund.full());
            rollups.addSales(Window.today(refund.at()), refund.currency(), lines, parts, false);
        }
    }
}
