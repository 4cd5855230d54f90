package dev.mercato.rewards.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.rewards.Redemption;
import dev.mercato.rewards.RedemptionRequest;
import dev.mercato.rewards.Redemptions;
import dev.mercato.rewards.Voucher;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Redeeming tokens (cash, credits, a feature, a voucher) and the voucher codes it issues (docs/rewards.md). */
@RestController
class RedemptionsController {

    private final Redemptions redemptions;

    RedemptionsController(Redemptions redemptions) {
        this.redemptions = redemptions;
    }

    record RedemptionBody(String type, Long tokens, String feature, Integer days) {
    }

    record RedemptionPage(List<Redemption> data, boolean hasMore) {
    }

    record VoucherPage(List<Voucher> data, boolean hasMore) {
    }

    record UseBody(String reference) {
    }

    /** The caller redeems their tokens. */
    @PostMapping("/v1/rewards/redemptions")
    @ResponseStatus(HttpStatus.CREATED)
    Redemption redeem(Caller caller, @RequestBody RedemptionBody body) {
        return redemptions.redeem(caller.userId(), new RedemptionRequest(body.type(), body.tokens(), body.feature(),
                body.days()));
    }

    /** The caller's redemptions, newest first (an admin may add {@code user_id}). */
    @GetMapping("/v1/rewards/redemptions")
    RedemptionPage history(Caller caller, @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        int size = Page.limit(limit);
        Page<Redemption> page = Page.fromOverfetch(
                redemptions.history(RewardsController.subject(caller, userId), startingAfter, size + 1), size);
        return new RedemptionPage(page.data(), page.hasMore());
    }

    /**
     * The caller's voucher codes; an admin sees every user's, or one user's with {@code user_id}.
     * {@code status} is {@code issued} (not used yet) or {@code used}.
     */
    @GetMapping("/v1/rewards/vouchers")
    VoucherPage vouchers(Caller caller, @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        String owner = caller.admin() ? userId : RewardsController.subject(caller, userId);
        int size = Page.limit(limit);
        Page<Voucher> page = Page.fromOverfetch(redemptions.vouchers(owner, status, startingAfter, size + 1), size);
        return new VoucherPage(page.data(), page.hasMore());
    }

    /** One voucher: its owner's, or any for an admin (the platform checking a code it is shown). */
    @GetMapping("/v1/rewards/vouchers/{code}")
    Voucher voucher(Caller caller, @PathVariable String code) {
        return redemptions.voucher(code).filter(v -> caller.mayAccess(v.userId()))
                .orElseThrow(() -> ApiException.notFound("voucher_not_found", "no voucher " + code));
    }

    /** The platform honours a voucher and marks it used (admin): once; again is 409 {@code voucher_already_used}. */
    @PostMapping("/v1/rewards/vouchers/{code}/use")
    Voucher use(Caller caller, @PathVariable String code, @RequestBody(required = false) UseBody body) {
        caller.requireAdmin();
        return redemptions.use(code, caller.actorId(), body == null ? null : body.reference());
    }
}
