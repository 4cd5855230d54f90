package dev.mercato.billing;

import dev.mercato.billing.core.Proration;
import dev.mercato.platform.ApiException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Prices what a subscription charge costs before it is paid ({@link Bill}): a new period (the plan,
 * the add-ons, the usage overage of the period that ended, the coupon), a change inside a period
 * (each item's unused time credited and its new price charged for the rest, to the second, and the
 * coupon's discount of that period prorated the same way), and the tax on the result. It also keeps
 * what it prices from for {@link SubscriptionManagement}: the subscription's coupon and add-ons.
 */
@Component
class SubscriptionPricing {

    private final BillingCache cache;
    private final AddOns addOns;
    private final Coupons coupons;
    private final Entitlements entitlements;
    private final Usage usage;
    private final BillingProperties properties;
    private final InvoiceManagement invoicing;
    private final CouponManagement couponing;

    SubscriptionPricing(BillingCache cache, AddOns addOns, Coupons coupons, Entitlements entitlements, Usage usage,
            BillingProperties properties, InvoiceManagement invoicing, CouponManagement couponing) {
        this.couponing = couponing;
        this.cache = cache;
        this.addOns = addOns;
        this.coupons = coupons;
        this.entitlements = entitlements;
        this.usage = usage;
        this.properties = properties;
        this.invoicing = invoicing;
    }

    BigDecimal taxRate() {
        return properties.taxRatePercent();
    }

    Optional<Discount> discount(String subscriptionId) {
        return coupons.active(subscriptionId).map(Discount::of);
    }

    List<AddOns.Attached> addOns(String subscriptionId) {
        return addOns.of(subscriptionId);
    }

    void putAddOn(String subscriptionId, String addOnId, int quantity, long unitPrice, Instant now) {
        addOns.put(subscriptionId, addOnId, quantity, unitPrice, now);
    }

    void removeAddOn(String subscriptionId, String addOnId) {
        addOns.remove(subscriptionId, addOnId);
    }

    /** @see CouponManagement#redeemable */
    Coupon redeemable(String code, String userId, String planId, String currency, Instant now) {
        return couponing.redeemable(code, userId, planId, currency, now);
    }

    /** @see CouponManagement#redeem */
    void redeem(Coupon coupon, Subscription s, Instant now) {
        couponing.redeem(coupon, s, now);
    }

    /** @see Coupons#usePeriod */
    boolean usePeriod(String subscriptionId, String code, Instant periodStart, long amount) {
        return coupons.usePeriod(subscriptionId, code, periodStart, amount);
    }

    /**
     * The subscription's add-ons at their current price per {@code interval}; one without such a
     * price keeps the price paid ({@code strict}: is refused with 400 {@code add_on_not_offered}).
     */
    List<AddOns.Attached> repriced(Subscription s, BillingInterval interval, boolean strict) {
        List<AddOns.Attached> repriced = new ArrayList<>();
        for (AddOns.Attached a : addOns.of(s.id())) {
            Optional<Plan.Price> price = cache.findAddOn(a.addOnId()).flatMap(addOn -> addOn.price(s.currency(), interval));
            if (price.isEmpty() && strict) {
                throw ApiException.invalid("add_on_not_offered", "add-on " + a.addOnId() + " has no " + s.currency()
                        + " price per " + interval.code() + "; remove it first");
            }
            repriced.add(new AddOns.Attached(a.addOnId(), a.quantity(), price.map(Plan.Price::amount).orElse(a.unitPrice()),
                    a.addedAt()));
        }
        return repriced;
    }

    static long recurring(long planPrice, List<AddOns.Attached> addOns) {
        long sum = planPrice;
        for (AddOns.Attached a : addOns) {
            sum = Math.addExact(sum, a.amount());
        }
        return sum;
    }

    /** A new period of {@code s} (its plan and period as they will be): plan, add-ons, overage, coupon, tax. */
    Bill period(Subscription s, List<AddOns.Attached> addOns, List<Invoice.Line> overage, Discount discount) {
        List<Invoice.Line> charges = new ArrayList<>();
        charges.add(invoicing.planLine(s, s.price(), null));
        for (AddOns.Attached a : addOns) {
            charges.add(new Invoice.Line("add_on", addOnName(a.addOnId()) + " × " + a.quantity() + " (" + s.interval().code()
                    + "), " + day(s.currentPeriodStart()) + " to " + day(s.currentPeriodEnd()), a.amount(), null));
        }
        charges.addAll(overage);
        long off = discount == null ? 0 : discount.onNewPeriod(s.planId(), recurring(s.price(), addOns));
        List<Invoice.Line> discounts = off == 0 ? List.of()
                : List.of(new Invoice.Line(Bill.DISCOUNT, discount.describe(), -off, null));
        return Bill.of(charges, discounts, taxRate(), off == 0 ? null : discount.coupon().code());
    }

    /**
     * A change at {@code now} inside the period of {@code before}: {@code charges} (the items'
     * prorated credits and charges) and the coupon's discount of the period, the unused part of the
     * level before given back and the level after applied to the rest.
     *
     * @param coupon the coupon this change redeems (its period is used up), or null
     */
    Bill change(Subscription before, Instant now, List<Invoice.Line> charges, Discount discountBefore, long recurringBefore,
            Discount discountAfter, Subscription after, long recurringAfter, String coupon) {
        long total = Duration.between(before.currentPeriodStart(), before.currentPeriodEnd()).toSeconds();
        long left = Math.clamp(Duration.between(now, before.currentPeriodEnd()).toSeconds(), 0, total);
        long levelBefore = discountBefore == null ? 0 : discountBefore.level(before, recurringBefore);
        long levelAfter = discountAfter == null ? 0 : discountAfter.level(after, recurringAfter);
        List<Invoice.Line> discounts = new ArrayList<>();
        long givenBack = Proration.share(levelBefore, left, total);
        long off = Proration.share(levelAfter, left, total);
        if (givenBack > 0 && off > 0 && discountBefore.coupon().code().equals(discountAfter.coupon().code())) {
            // one coupon before and after: one line with the difference its discount makes to this change
            discounts.add(new Invoice.Line(Bill.DISCOUNT, discountAfter.describe() + " on the change for the rest of the period",
                    givenBack - off, null));
        } else {
            if (givenBack > 0) {
                discounts.add(new Invoice.Line(Bill.DISCOUNT, discountBefore.describe()
                        + ": unused part of this period's discount", givenBack, null));
            }
            if (off > 0) {
                discounts.add(new Invoice.Line(Bill.DISCOUNT, discountAfter.describe() + " on the rest of the period", -off,
                        null));
            }
        }
        return Bill.of(charges, discounts, taxRate(), coupon != null && levelAfter > 0 ? coupon : null);
    }

    /** The credit for the unused time of an item that cost {@code paid} for the current period. */
    static long unused(Subscription s, Instant now, long paid) {
        long total = Duration.between(s.currentPeriodStart(), s.currentPeriodEnd()).toSeconds();
        long left = Math.clamp(Duration.between(now, s.currentPeriodEnd()).toSeconds(), 0, total);
        return Proration.share(paid, left, total);
    }

    /**
     * Usage past the limit of every quota the user has with an overage price, in the quota periods
     * (days or months) that ended within the billing period [{@code periodStart}, {@code periodEnd}]
     * shifted back by the late window: a quota period is billed once its late usage can no longer
     * arrive, by the renewal whose shifted period its end falls in — so exactly once, at a price
     * that does not change if the renewal is asked again. Nothing from before the subscription (or
     * its trial) ended is billed.
     */
    List<Invoice.Line> overage(Subscription s, Instant periodStart, Instant periodEnd, Instant now) {
        Instant paidFrom = s.trialEnd() != null ? s.trialEnd() : s.createdAt();
        Instant after = periodStart.minus(properties.lateWindow());
        after = after.isBefore(paidFrom) ? paidFrom : after;
        Instant upTo = periodEnd.minus(properties.lateWindow());
        List<Invoice.Line> lines = new ArrayList<>();
        for (Map.Entry<String, Feature> e : entitlements.features(s.userId(), now).entrySet()) {
            Feature spec = e.getValue();
            if (!Feature.QUOTA.equals(spec.type()) || spec.overage() == null || spec.limit() == null) {
                continue;
            }
            long over = 0;
            for (Map.Entry<Instant, Long> period : usage.periods(s.userId(), e.getKey(), after.minus(Duration.ofDays(31)),
                    upTo).entrySet()) {
                Instant end = spec.periodEnd(period.getKey());
                if (end.isAfter(after) && !end.isAfter(upTo)) {
                    over += Math.max(0, period.getValue() - spec.limit());
                }
            }
            long charge = spec.overage().charge(over, s.currency());
            if (over > 0 && charge >= 0) {
                long per = spec.overage().per() == null ? 1 : spec.overage().per();
                lines.add(new Invoice.Line("usage_overage", e.getKey() + ": " + over + " over the quota of " + spec.limit()
                        + " per " + spec.period() + ", at " + spec.overage().prices().get(s.currency()) + " " + s.currency()
                        + " minor units per " + per + ", quota periods ended " + day(after) + " to " + day(upTo), charge, null));
            }
        }
        return lines;
    }

    String addOnName(String addOnId) {
        return cache.findAddOn(addOnId).map(AddOn::name).orElse(addOnId);
    }

    static String day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
