package dev.mercato.payouts;

import dev.mercato.catalog.PayoutReadiness;
import dev.mercato.identity.UserManagement;
import dev.mercato.payments.ConnectedAccount;
import dev.mercato.payments.ConnectedAccountRequest;
import dev.mercato.payments.OnboardingLink;
import dev.mercato.payments.PaymentProcessor;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Onboards sellers with the payment processor and answers whether they can be paid. The processor
 * account is opened under an idempotency key derived from the seller, so a retried or concurrent
 * onboarding never opens a second one.
 */
@Service
public class PayoutAccountManagement implements PayoutReadiness {

    /** The account and, while onboarding is unfinished, where the seller completes it. */
    public record Onboarding(PayoutAccount account, OnboardingLink link) {
    }

    private final PayoutAccounts accounts;
    private final PaymentProcessors processors;
    private final UserManagement users;
    private final Clock clock;
    private final AuditLog audit;

    PayoutAccountManagement(PayoutAccounts accounts, PaymentProcessors processors, UserManagement users, Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.accounts = accounts;
        this.processors = processors;
        this.users = users;
        this.clock = clock;
    }

    /** Opens (or returns) the seller's payout account; a link is included until the processor says it is ready. */
    @Transactional
    public Onboarding onboard(String sellerId, String country, String refreshUrl, String returnUrl) {
        if (country != null && !country.matches("[A-Z]{2}")) {
            throw ApiException.invalid("invalid_country", "country is an ISO 3166 code such as US");
        }
        Optional<PayoutAccount> before = accounts.ofSeller(sellerId);
        PayoutAccount account = refresh(before.orElseGet(() -> open(sellerId, country)));
        audit.changed("payout_account", account.id(), before.orElse(null), account);
        OnboardingLink link = account.ready() ? null
                : processors.get(account.processor()).onboardingLink(account.processorAccountId(), refreshUrl, returnUrl);
        return new Onboarding(account, link);
    }

    /** The seller's account, its capabilities re-read from the processor while it is not ready yet. */
    @Transactional
    public Optional<PayoutAccount> ofSeller(String sellerId) {
        return accounts.ofSeller(sellerId).map(this::refresh);
    }

    /** Sets how long this seller's earnings stay pending (null: the platform default). Applies to sales from now on. */
    @Transactional
    public PayoutAccount changeHoldDays(String payoutAccountId, Integer days) {
        if (days != null && (days < 0 || days > 365)) {
            throw ApiException.invalid("invalid_hold_days", "hold_days is 0 to 365, or null for the platform default");
        }
        PayoutAccount before = accounts.find(payoutAccountId)
                .orElseThrow(() -> ApiException.notFound("payout_account_not_found", "no payout account " + payoutAccountId));
        accounts.updateHoldDays(payoutAccountId, days, clock.instant());
        PayoutAccount after = accounts.find(payoutAccountId).orElseThrow();
        audit.changed("payout_account", payoutAccountId, before, after);
        return after;
    }

    @Override
    public boolean isReady(String sellerId) {
        return accounts.ofSeller(sellerId).map(PayoutAccount::ready).orElse(false);
    }

    private PayoutAccount open(String sellerId, String country) {
        PaymentProcessor processor = processors.active();
        String email = users.find(sellerId).map(u -> u.email()).orElse(null);
        ConnectedAccount opened = processor.createConnectedAccount(
                new ConnectedAccountRequest(sellerId, email, country, "payout-account:" + sellerId));
        PayoutAccount account = new PayoutAccount(Ids.next("pacct", clock), sellerId, processor.name(), opened.id(),
                opened.chargesEnabled(), opened.payoutsEnabled(), opened.detailsSubmitted(), null, clock.instant(),
                clock.instant());
        if (!accounts.insert(account)) {
            return accounts.ofSeller(sellerId).orElseThrow();
        }
        return account;
    }

    private PayoutAccount refresh(PayoutAccount account) {
        if (account.ready()) {
            return account;
        }
        ConnectedAccount current = processors.get(account.processor()).retrieveConnectedAccount(account.processorAccountId());
        if (current.chargesEnabled() != account.chargesEnabled() || current.payoutsEnabled() != account.payoutsEnabled()
                || current.detailsSubmitted() != account.detailsSubmitted()) {
            accounts.updateCapabilities(account.id(), current.chargesEnabled(), current.payoutsEnabled(),
                    current.detailsSubmitted(), clock.instant());
            return accounts.ofSeller(account.sellerId()).orElseThrow();
        }
        return account;
    }
}
