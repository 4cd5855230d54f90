package dev.mercato.referrals;

import dev.mercato.orders.OrderPaid;
import dev.mercato.orders.OrderRefunded;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * What other modules' events mean for referrals: a referred user's first paid order qualifies a
 * {@code first_purchase} referral; a full refund of a qualifying order claws it back. Both are
 * idempotent: a redelivered event finds the referral already moved on.
 */
@Component
class ReferralEvents {

    private final Referrals referrals;
    private final ReferralPayments payments;

    ReferralEvents(Referrals referrals, ReferralPayments payments) {
        this.referrals = referrals;
        this.payments = payments;
    }

    @ApplicationModuleListener
    void on(OrderPaid paid) {
        referrals.purchased(paid.buyerId(), paid.orderId(), paid.paidAt());
    }

    /** Only a full refund undoes the purchase; a partial one leaves a purchase that qualified. */
    @ApplicationModuleListener
    void on(OrderRefunded refunded) {
        if (refunded.full()) {
            payments.orderRefunded(refunded.orderId());
        }
    }
}
