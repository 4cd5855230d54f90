package dev.mercato.billing.web;

import dev.mercato.billing.Coupon;
import dev.mercato.billing.CouponManagement;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Coupons: operators create and list them; anyone looks one up by its code. */
@RestController
class CouponController {

    private final CouponManagement coupons;

    CouponController(CouponManagement coupons) {
        this.coupons = coupons;
    }

    record CouponView(String id, String object, String code, String name, Integer percentOff, Long amountOff,
            String currency, String duration, Integer durationPeriods, Integer maxRedemptions, int timesRedeemed,
            Instant redeemBy, List<String> planIds, Instant createdAt) {

        static CouponView of(Coupon c) {
            return new CouponView(c.code(), "coupon", c.code(), c.name(), c.percentOff(), c.amountOff(), c.currency(),
                    c.duration(), c.durationPeriods(), c.maxRedemptions(), c.timesRedeemed(), c.redeemBy(), c.planIds(),
                    c.createdAt());
        }
    }

    @PostMapping("/v1/coupons")
    @ResponseStatus(HttpStatus.CREATED)
    CouponView create(Caller caller, @RequestBody CouponManagement.CouponInput body) {
        return CouponView.of(coupons.create(caller, body));
    }

    /** Operators: by code; {@code plan_id} keeps those usable on a plan, {@code redeemable} those (not) redeemable now. */
    @GetMapping("/v1/coupons")
    Page<CouponView> list(Caller caller, @RequestParam(name = "plan_id", required = false) String planId,
            @RequestParam(required = false) Boolean redeemable, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        return coupons.list(caller, planId, redeemable, startingAfter, Page.limit(limit)).map(CouponView::of);
    }

    @GetMapping("/v1/coupons/{code}")
    CouponView get(Caller caller, @PathVariable String code) {
        return CouponView.of(coupons.find(caller, code));
    }
}
