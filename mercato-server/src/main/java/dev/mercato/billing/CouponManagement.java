package dev.mercato.billing;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Coupons: operators create and list them; customers redeem one when they start a subscription or
 * change its plan. A redemption is counted in the transaction that records the subscription change,
 * by one conditional update of the coupon row, so however many customers race for the last one,
 * the limit holds; each customer redeems a coupon once.
 */
@Service
public class CouponManagement {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{2,39}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** What an operator sends to create a coupon. */
    public record CouponInput(String code, String name, Integer percentOff, Long amountOff, String currency,
            String duration, Integer durationPeriods, Integer maxRedemptions, Instant redeemBy, List<String> planIds) {
    }

    private final Coupons coupons;
    private final Plans plans;
    private final AuditLog audit;
    private final Clock clock;

    CouponManagement(Coupons coupons, Plans plans, AuditLog audit, Clock clock) {
        this.coupons = coupons;
        this.plans = plans;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Coupon create(Caller caller, CouponInput in) {
        caller.requireAdmin();
        String code = in.code() == null ? null : in.code().strip().toUpperCase(Locale.ROOT);
        if (code == null || !CODE.matcher(code).matches()) {
            throw ApiException.invalid("invalid_code", "code is 3-40 characters of A-Z, 0-9, _ and - (case-insensitive)");
        }
        if (in.name() != null && in.name().length() > 100) {
            throw ApiException.invalid("invalid_name", "name is at most 100 characters");
        }
        if ((in.percentOff() == null) == (in.amountOff() == null)) {
            throw ApiException.invalid("invalid_discount", "give either percent_off (1 to 100) or amount_off with currency");
        }
        if (in.percentOff() != null && (in.percentOff() < 1 || in.percentOff() > 100)) {
            throw ApiException.invalid("invalid_discount", "percent_off is 1 to 100");
        }
        if (in.amountOff() != null && (in.amountOff() < 1 || in.amountOff() > PlanManagement.MAX_PRICE)) {
            throw ApiException.invalid("invalid_discount", "amount_off is 1 to " + PlanManagement.MAX_PRICE + " minor units");
        }
        if (in.amountOff() != null ? in.currency() == null || !CURRENCY.matcher(in.currency()).matches() : in.currency() != null) {
            throw ApiException.invalid("invalid_currency", "a fixed amount_off needs its currency (upper-case ISO 4217);"
                    + " a percentage has none");
        }
        String duration = in.duration() == null ? Coupon.ONCE : in.duration();
        if (!List.of(Coupon.ONCE, Coupon.REPEATING, Coupon.FOREVER).contains(duration)) {
            throw ApiException.invalid("invalid_duration", "duration is once, repeating or forever");
        }
        if (Coupon.REPEATING.equals(duration) != (in.durationPeriods() != null)
                || in.durationPeriods() != null && (in.durationPeriods() < 1 || in.durationPeriods() > 120)) {
            throw ApiException.invalid("invalid_duration", "a repeating coupon needs duration_periods (1 to 120 billing"
                    + " periods); once and forever take none");
        }
        if (in.maxRedemptions() != null && (in.maxRedemptions() < 1 || in.maxRedemptions() > 100_000_000)) {
            throw ApiException.invalid("invalid_max_redemptions", "max_redemptions is 1 to 100000000, or absent for no limit");
        }
        Instant now = clock.instant();
        if (in.redeemBy() != null && !in.redeemBy().isAfter(now)) {
            throw ApiException.invalid("invalid_redeem_by", "redeem_by must be in the future");
        }
        List<String> planIds = null;
        if (in.planIds() != null) {
            if (in.planIds().isEmpty() || in.planIds().size() > 50) {
                throw ApiException.invalid("invalid_plan_ids", "plan_ids lists 1 to 50 plans, or is absent for any plan");
            }
            planIds = List.copyOf(new LinkedHashSet<>(in.planIds()));
            for (String planId : planIds) {
                if (planId == null || plans.find(planId).isEmpty()) {
                    throw ApiException.invalid("unknown_plan", "no plan " + planId + " (GET /v1/plans lists them)");
                }
            }
        }
        Coupon coupon = new Coupon(code, in.name(), in.percentOff(), in.amountOff(), in.currency(), duration,
                in.durationPeriods(), in.maxRedemptions(), 0, in.redeemBy(), planIds, now);
        if (!coupons.insert(coupon)) {
            throw new ApiException(409, "coupon_exists", "a coupon " + code + " already exists");
        }
        audit.changed("coupon", code, null, coupon.auditState());
        return coupon;
    }

    /** Operators list coupons by code; {@code planId} and {@code redeemable} filter. */
    public Page<Coupon> list(Caller caller, String planId, Boolean redeemable, String startingAfter, int limit) {
        caller.requireAdmin();
        return Page.fromOverfetch(coupons.list(planId, redeemable, clock.instant(), normalize(startingAfter), limit + 1),
                limit);
    }

    /** Anyone may look a code up (a checkout page shows what it gives before the customer redeems it). */
    public Coupon find(Caller caller, String code) {
        return coupons.find(normalize(code)).orElseThrow(() -> notFound(code));
    }

    public boolean exists(String code) {
        return coupons.find(normalize(code)).isPresent();
    }

    /**
     * The coupon {@code code} if {@code userId} may redeem it now on {@code planId} billed in {@code currency}.
     *
     * @throws ApiException 404 {@code coupon_not_found}; 409 {@code coupon_expired}, {@code coupon_exhausted},
     *                      {@code coupon_already_redeemed}; 422 {@code coupon_not_applicable} (another plan),
     *                      {@code coupon_currency_mismatch} (a fixed amount in another currency)
     */
    Coupon redeemable(String code, String userId, String planId, String currency, Instant now) {
        Coupon c = coupons.find(normalize(code)).orElseThrow(() -> notFound(code));
        if (c.expired(now)) {
            throw new ApiException(409, "coupon_expired", "coupon " + c.code() + " could be redeemed until " + c.redeemBy());
        }
        if (c.exhausted()) {
            throw new ApiException(409, "coupon_exhausted", "coupon " + c.code() + " has been redeemed all "
                    + c.maxRedemptions() + " times it may be");
        }
        if (!c.appliesTo(planId)) {
            throw new ApiException(422, "coupon_not_applicable", "coupon " + c.code() + " is for " + String.join(", ",
                    c.planIds()) + ", not " + planId, Map.of("plan_ids", c.planIds()));
        }
        if (c.currency() != null && !c.currency().equals(currency)) {
            throw new ApiException(422, "coupon_currency_mismatch", "coupon " + c.code() + " takes " + c.amountOff() + " "
                    + c.currency() + " minor units off; this subscription is billed in " + currency);
        }
        if (coupons.redeemed(c.code(), userId)) {
            throw alreadyRedeemed(c, userId);
        }
        return c;
    }

    /**
     * In the subscription change's transaction: counts the redemption (refused when the last one was
     * taken meanwhile) and makes it the subscription's coupon, replacing the one it had.
     */
    void redeem(Coupon c, Subscription s, Instant now) {
        if (!coupons.claim(c.code(), now)) {
            Coupon current = coupons.find(c.code()).orElseThrow();
            throw current.expired(now)
                    ? new ApiException(409, "coupon_expired", "coupon " + c.code() + " expired at " + c.redeemBy())
                    : new ApiException(409, "coupon_exhausted", "coupon " + c.code() + " has been redeemed all "
                            + c.maxRedemptions() + " times it may be");
        }
        coupons.endActive(s.id(), now);
        if (!coupons.insertRedemption(c, s.userId(), s.id(), now)) {
            throw alreadyRedeemed(c, s.userId());
        }
        audit.changed("coupon_redemption", c.code() + "/" + s.userId(), null,
                Map.of("subscription_id", s.id(), "periods", c.periods() == null ? "forever" : c.periods()));
    }

    private static ApiException alreadyRedeemed(Coupon c, String userId) {
        return new ApiException(409, "coupon_already_redeemed", "user " + userId + " has already redeemed coupon " + c.code()
                + "; a coupon is redeemed once per customer");
    }

    private static ApiException notFound(String code) {
        return ApiException.notFound("coupon_not_found", "no coupon " + code);
    }

    private static String normalize(String code) {
        return code == null ? null : code.strip().toUpperCase(Locale.ROOT);
    }
}
