package dev.mercato.billing;

import java.time.Instant;

/**
 * A coupon as it prices a subscription's invoices: the subscription's redemption, or one being
 * redeemed by the change being priced. A new period's invoice is discounted while periods are left
 * ({@code periodsLeft} null: for ever); the period it last discounted ({@code lastPeriodStart})
 * carries the discount, so a change inside it gives back the unused part of that discount and
 * discounts what the rest of the period costs after the change.
 */
record Discount(Coupon coupon, Integer periodsLeft, Instant lastPeriodStart) {

    static Discount of(Coupons.Redemption r) {
        return new Discount(r.coupon(), r.periodsLeft(), r.lastPeriodStart());
    }

    /** A coupon being redeemed now: none of its periods used yet. */
    static Discount redeeming(Coupon c) {
        return new Discount(c, c.periods(), null);
    }

    /** A coupon redeemed by a change inside the period starting at {@code periodStart}: that period is its first. */
    static Discount redeemingWithin(Coupon c, Instant periodStart) {
        return new Discount(c, c.periods(), periodStart);
    }

    /** What it takes off a new period of {@code planId} whose plan and add-ons cost {@code recurring}. */
    long onNewPeriod(String planId, long recurring) {
        boolean left = periodsLeft == null || periodsLeft > 0;
        return left && coupon.appliesTo(planId) ? coupon.discountOn(recurring) : 0;
    }

    /** What it takes off the whole current period of {@code s} at the recurring price {@code recurring}. */
    long level(Subscription s, long recurring) {
        return s.currentPeriodStart().equals(lastPeriodStart) && coupon.appliesTo(s.planId()) ? coupon.discountOn(recurring)
                : 0;
    }

    String describe() {
        return "Coupon " + coupon.code() + " (" + coupon.describe() + ")";
    }
}
