package dev.mercato.campaigns;

import dev.mercato.campaigns.core.CampaignAction;
import dev.mercato.campaigns.core.CampaignStateMachine;
import dev.mercato.payments.IdempotentRequests;
import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentAuthorization;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Funds a campaign up front, and tops it up. The funding is recorded first in a transaction of its
 * own (a retry under the same idempotency key finds it and reuses its payment); the payment of
 * slots × (reward + funding fee) is authorized and captured with no transaction open; then one
 * transaction posts it into the campaign's escrow and opens the campaign (or raises its target). A
 * declined payment posts nothing and leaves the campaign as it was.
 */
@Service
public class CampaignFunding {

    private final Campaigns campaigns;
    private final Fundings fundings;
    private final CampaignManagement management;
    private final Escrow escrow;
    private final CampaignRefunds refunds;
    private final PaymentManagement payments;
    private final PaymentProcessors processors;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    CampaignFunding(Campaigns campaigns, Fundings fundings, CampaignManagement management, Escrow escrow,
            CampaignRefunds refunds, PaymentManagement payments, PaymentProcessors processors,
            TransactionTemplate transactions, AuditLog audit, Clock clock) {
        this.campaigns = campaigns;
        this.fundings = fundings;
        this.management = management;
        this.escrow = escrow;
        this.refunds = refunds;
        this.payments = payments;
        this.processors = processors;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Funds a draft campaign for {@code target} responses (its own target when null), or tops up an
     * open one to a higher {@code target}. {@code amount}, when given, is what the buyer expects to
     * pay; less than the cost is refused as {@code underfunded}. The request is idempotent per
     * intent: the same {@code idempotencyKey} (or {@code fundingId}, the funding it created) resumes
     * that funding — after a 3-D Secure step, a timeout or a success — and while one funding of the
     * campaign is pending every other is refused as {@code funding_pending}, so the target grows once.
     */
    public Funding fund(String campaignId, Caller caller, String paymentMethod, Integer target, Long amount,
            String idempotencyKey, String fundingId) {
        Campaign campaign = management.owned(campaignId, caller);
        if (paymentMethod == null || paymentMethod.isBlank()) {
            throw ApiException.invalid("invalid_payment_method", "payment_method is required (e.g. tok_visa)");
        }
        String key = keyOf(campaign, fundingId, idempotencyKey);
        IdempotentRequests.requireKey(key);
        Funding funding = record(campaign.id(), target, amount, paymentMethod, key);
        if (funding.status().equals("succeeded")) {
            return funding;
        }
        if (funding.status().equals("failed")) {
            throw new ApiException(402, funding.failureCode() == null ? "payment_failed" : funding.failureCode(),
                    "the funding payment under this idempotency key failed; use a new key to try again");
        }
        PaymentAttempt attempt = payments.authorize(new PaymentAuthorization("campaign:funding:" + funding.id(),
                funding.amount(), funding.currency(), paymentMethod, Map.of("campaign_funding_id", funding.id(),
                "campaign_id", campaignId), null));
        if (funding.paymentId() == null) {
            transactions.executeWithoutResult(s -> fundings.paymentStarted(funding.id(), attempt.id(), clock.instant()));
        }
        return settle(funding, attempt);
    }

    /** Finishes a pending funding whose payment the payments janitor settled after the buyer's call had ended. */
    void finish(String fundingId, PaymentAttempt attempt) {
        fundings.find(fundingId).filter(f -> f.status().equals("pending")).ifPresent(f -> settle(f, attempt));
    }

    private int slotsToFund(Campaign campaign, Integer target) {
        if (!campaign.deadline().isAfter(clock.instant())) {
            throw new ApiException(409, "deadline_passed", "campaign " + campaign.id() + " passed its deadline at "
                    + campaign.deadline() + "; it cannot be funded");
        }
        if (campaign.status() == CampaignStatus.DRAFT) {
            return CampaignManagement.checkTarget(target == null ? campaign.target() : target);
        }
        if (campaign.status() != CampaignStatus.OPEN) {
            throw new ApiException(409, "campaign_ended", "campaign " + campaign.id() + " has ended ("
                    + campaign.status().code() + "); it cannot be funded");
        }
        if (target == null || target <= campaign.funded()) {
            throw ApiException.invalid("invalid_target", "a top-up raises the target: give a target above "
                    + campaign.funded());
        }
        return CampaignManagement.checkTarget(target) - campaign.funded();
    }

    /** The idempotency key a request stands for: the named funding's, the caller's, or a fresh one. */
    private String keyOf(Campaign campaign, String fundingId, String idempotencyKey) {
        if (fundingId == null) {
            return idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        }
        String key = fundings.keyOf(campaign.id(), fundingId).orElseThrow(() -> ApiException.notFound("funding_not_found",
                "campaign " + campaign.id() + " has no funding " + fundingId));
        if (idempotencyKey != null && !idempotencyKey.equals(key)) {
            throw new ApiException(422, "idempotency_key_reused", "funding " + fundingId
                    + " was created under another idempotency key; send either funding_id or its key");
        }
        return key;
    }

    /**
     * Finds the funding this key already created, or records a new one — under the campaign's row
     * lock, so the slots are counted from the campaign as it is now and no second funding starts
     * beside a pending one.
     */
    private Funding record(String campaignId, Integer target, Long amount, String paymentMethod, String key) {
        return transactions.execute(s -> {
            Campaign campaign = campaigns.lock(campaignId).orElseThrow();
            Optional<Fundings.Keyed> earlier = fundings.byKey(campaignId, key);
            if (earlier.isPresent()) {
                return replayed(earlier.get(), target, amount, paymentMethod);
            }
            int slotsToFund = slotsToFund(campaign, target);
            int newTarget = campaign.funded() + slotsToFund;
            long cost = cost(campaign, slotsToFund, amount);
            refuseBesidePending(campaign);
            Funding fresh = new Funding(Ids.next("cfd", clock), campaign.id(), slotsToFund, newTarget, cost,
                    campaign.currency(), "pending", null, null, 0, clock.instant());
            fundings.insert(fresh, key, IdempotentRequests.fingerprint(slotsToFund, newTarget, paymentMethod));
            return fresh;
        });
    }

    /** A retry must ask for what the first request under its key asked for. */
    private static Funding replayed(Fundings.Keyed earlier, Integer target, Long amount, String paymentMethod) {
        Funding funding = earlier.funding();
        byte[] hash = IdempotentRequests.fingerprint(funding.slots(), funding.target(), paymentMethod);
        if (!MessageDigest.isEqual(earlier.requestHash(), hash) || (target != null && target != funding.target())
                || (amount != null && amount != funding.amount())) {
            throw new ApiException(422, "idempotency_key_reused",
                    "this idempotency key was already used for a different funding (" + funding.id() + ")");
        }
        return funding;
    }

    private long cost(Campaign campaign, int slotsToFund, Long amount) {
        long cost;
        try {
            cost = Math.multiplyExact(campaign.slotCost(), (long) slotsToFund);
        } catch (ArithmeticException overflow) {
            throw ApiException.invalid("invalid_target", "that target costs more than can be charged at once");
        }
        if (amount != null && amount < cost) {
            throw new ApiException(422, "underfunded", "funding " + slotsToFund + " responses at " + campaign.slotCost()
                    + " each costs " + cost + " " + campaign.currency() + "; " + amount + " is not enough",
                    Map.of("required_amount", cost));
        }
        if (amount != null && amount > cost) {
            throw new ApiException(422, "amount_mismatch", "funding " + slotsToFund + " responses costs exactly " + cost + " "
                    + campaign.currency() + ", not " + amount, Map.of("required_amount", cost));
        }
        return cost;
    }

    /**
     * Refuses a new funding while another of the campaign is pending (its payment awaiting 3-D Secure
     * or the processor's answer): paying both would fund the target twice. A pending funding whose
     * payment has meanwhile failed or been canceled is marked failed here and blocks nothing.
     */
    private void refuseBesidePending(Campaign campaign) {
        for (Funding pending : fundings.pendingOf(campaign.id())) {
            Optional<PaymentAttempt> payment = Optional.ofNullable(pending.paymentId()).flatMap(payments::find);
            if (payment.isPresent() && (payment.get().status() == PaymentStatus.FAILED
                    || payment.get().status() == PaymentStatus.CANCELED)) {
                String code = payment.get().failureCode() != null ? payment.get().failureCode() : "payment_failed";
                if (fundings.failed(pending.id(), code, clock.instant())) {
                    audit.changed("campaign_funding", pending.id(), summary(pending), Map.of("status", "failed",
                            "failure_code", code));
                }
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("funding_id", pending.id());
            if (pending.paymentId() != null) {
                details.put("payment_id", pending.paymentId());
            }
            throw new ApiException(409, "funding_pending", "funding " + pending.id() + " of campaign " + campaign.id()
                    + " is still pending (its payment awaits authentication or the processor's answer); finish it by"
                    + " retrying with its idempotency key or funding_id, or wait for it to settle", details);
        }
    }

    private Funding settle(Funding funding, PaymentAttempt attempt) {
        if (attempt.status() == PaymentStatus.FAILED || attempt.status() == PaymentStatus.CANCELED) {
            transactions.executeWithoutResult(s -> {
                if (fundings.failed(funding.id(), attempt.failureCode() != null ? attempt.failureCode() : "payment_failed",
                        clock.instant())) {
                    audit.changed("campaign_funding", funding.id(), summary(funding), Map.of("status", "failed",
                            "failure_code", String.valueOf(attempt.failureCode())));
                }
            });
        }
        PaymentAttempt authorized = attempt.requireAuthorized();
        PaymentAttempt captured = authorized.status() == PaymentStatus.CAPTURED ? authorized
                : payments.capture(authorized.id(), null, "campaign:funding:" + funding.id() + ":capture");
        long fee = processors.get(captured.adapter()).fee(funding.amount(), funding.currency());
        Funding done = fulfil(funding.id(), captured.id(), fee);
        refunds.send(done.campaignId());
        return done;
    }

    /**
     * Posts the captured payment into escrow and opens the campaign (or raises its target), once. A
     * campaign that ended while its buyer was paying gets the slots and releases them at once.
     */
    private Funding fulfil(String fundingId, String paymentId, long fee) {
        return transactions.execute(s -> {
            Funding pending = fundings.find(fundingId).orElseThrow();
            Campaign campaign = campaigns.lock(pending.campaignId()).orElseThrow();
            Funding funding = fundings.lock(fundingId).orElseThrow();
            if (funding.status().equals("succeeded")) {
                return funding;
            }
            Instant now = clock.instant();
            escrow.fund(campaign, funding, paymentId, fee);
            fundings.succeeded(funding.id(), paymentId, now);
            int funded = campaign.funded() + funding.slots();
            Campaign after;
            if (campaign.status().ended()) {
                after = campaigns.funded(campaign.id(), Math.max(campaign.target(), funded), funded, campaign.status(), now);
                escrow.release(after, funding.slots(), "funded_after_end");
                after = campaigns.move(after.id(), 0, 0, 0, funding.slots(), now);
            } else {
                CampaignAction action = campaign.status() == CampaignStatus.DRAFT ? CampaignAction.FUND : CampaignAction.TOP_UP;
                after = campaigns.funded(campaign.id(), funded, funded, CampaignStateMachine.next(campaign.status(), action), now);
            }
            Funding done = fundings.find(funding.id()).orElseThrow();
            audit.changed("campaign", campaign.id(), Slots.summary(campaign), Slots.summary(after));
            audit.changed("campaign_funding", funding.id(), summary(funding), summary(done));
            return done;
        });
    }

    private static Map<String, Object> summary(Funding f) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("campaign_id", f.campaignId());
        summary.put("slots", f.slots());
        summary.put("target", f.target());
        summary.put("amount", f.amount());
        summary.put("currency", f.currency());
        summary.put("status", f.status());
        summary.put("payment_id", f.paymentId());
        return summary;
    }
}
