package dev.mercato.payouts.web;

import dev.mercato.payouts.PayoutAccount;
import dev.mercato.payouts.PayoutAccountManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A seller connects the account it is paid through, and checks its status. */
@RestController
class PayoutAccountController {

    private final PayoutAccountManagement accounts;

    PayoutAccountController(PayoutAccountManagement accounts) {
        this.accounts = accounts;
    }

    record OnboardBody(String country, String refreshUrl, String returnUrl) {
    }

    record PayoutAccountView(String id, String object, String sellerId, String processor, String processorAccountId,
            String status, boolean chargesEnabled, boolean payoutsEnabled, boolean detailsSubmitted, Integer holdDays,
            String onboardingUrl, Instant onboardingExpiresAt, Instant createdAt, Instant updatedAt) {

        static PayoutAccountView of(PayoutAccount a, PayoutAccountManagement.Onboarding onboarding) {
            var link = onboarding == null ? null : onboarding.link();
            return new PayoutAccountView(a.id(), "payout_account", a.sellerId(), a.processor(), a.processorAccountId(),
                    a.ready() ? "ready" : "onboarding", a.chargesEnabled(), a.payoutsEnabled(), a.detailsSubmitted(),
                    a.holdDays(), link == null ? null : link.url(), link == null ? null : link.expiresAt(), a.createdAt(),
                    a.updatedAt());
        }
    }

    /** Opens the caller's payout account (or returns it) with an onboarding link while it is not ready. */
    @PostMapping("/v1/payout-accounts")
    PayoutAccountView onboard(Caller caller, @RequestBody(required = false) OnboardBody body) {
        OnboardBody request = body == null ? new OnboardBody(null, null, null) : body;
        PayoutAccountManagement.Onboarding onboarding = accounts.onboard(caller.userId(), request.country(),
                request.refreshUrl(), request.returnUrl());
        return PayoutAccountView.of(onboarding.account(), onboarding);
    }

    record HoldBody(Integer holdDays) {
    }

    /** Operators set a seller's hold period: {@code {"hold_days": 14}}, or null for the platform default. */
    @PatchMapping("/v1/payout-accounts/{id}")
    PayoutAccountView changeHold(Caller caller, @PathVariable String id, @RequestBody HoldBody body) {
        caller.requireAdmin();
        return PayoutAccountView.of(accounts.changeHoldDays(id, body.holdDays()), null);
    }

    @GetMapping("/v1/payout-accounts/me")
    PayoutAccountView mine(Caller caller) {
        return accounts.ofSeller(caller.userId()).map(a -> PayoutAccountView.of(a, null))
                .orElseThrow(() -> ApiException.notFound("payout_account_not_found",
                        "no payout account yet; POST /v1/payout-accounts opens one"));
    }
}
