package dev.mercato.billing;

import dev.mercato.billing.core.Proration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A coupon customers redeem by its code: a percentage ({@code percentOff}, 1-100) or a fixed amount
 * ({@code amountOff} minor units of {@code currency}) off the plan and add-ons of each period invoice,
 * for one period ({@code once}), {@code durationPeriods} periods ({@code repeating}) or every period
 * ({@code forever}); at most {@code maxRedemptions} customers (null: any number), until
 * {@code redeemBy} (null: no expiry), on {@code planIds} (null: any plan); once per customer.
 */
public record Coupon(String code, String name, Integer percentOff, Long amountOff, String currency, String duration,
        Integer durationPeriods, Integer maxRedemptions, int timesRedeemed, Instant redeemBy, List<String> planIds,
        Instant createdAt) {

    public static final String ONCE = "once";
    public static final String REPEATING = "repeating";
    public static final String FOREVER = "forever";

    /** How many period invoices a redemption discounts: null for ever. */
    Integer periods() {
        return switch (duration) {
            case ONCE -> 1;
            case REPEATING -> durationPeriods;
            default -> null;
        };
    }

    /** What this coupon takes off {@code subtotal}: a percentage rounded half up, or the fixed amount up to the subtotal. */
    long discountOn(long subtotal) {
        if (subtotal <= 0) {
            return 0;
        }
        return percentOff != null ? Proration.share(subtotal, percentOff, 100) : Math.min(amountOff, subtotal);
    }

    boolean appliesTo(String planId) {
        return planIds == null || planIds.isEmpty() || planIds.contains(planId);
    }

    boolean exhausted() {
        return maxRedemptions != null && timesRedeemed >= maxRedemptions;
    }

    boolean expired(Instant now) {
        return redeemBy != null && !now.isBefore(redeemBy);
    }

    /** "20% off" or "5.00 USD off", for invoice lines. */
    String describe() {
        if (percentOff != null) {
            return percentOff + "% off";
        }
        return Invoice.amount(amountOff, currency) + " off";
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("percent_off", percentOff);
        state.put("amount_off", amountOff);
        state.put("currency", currency);
        state.put("duration", duration);
        state.put("duration_periods", durationPeriods);
        state.put("max_redemptions", maxRedemptions);
        state.put("times_redeemed", timesRedeemed);
        state.put("redeem_by", redeemBy);
        state.put("plan_ids", planIds);
        return state;
    }
}
