package dev.mercato.webhooks;

import dev.mercato.billing.SubscriptionCanceled;
import dev.mercato.billing.SubscriptionChanged;
import dev.mercato.billing.SubscriptionEnded;
import dev.mercato.billing.SubscriptionPaused;
import dev.mercato.billing.SubscriptionPaymentConfirmed;
import dev.mercato.billing.SubscriptionPaymentFailed;
import dev.mercato.billing.SubscriptionRenewed;
import dev.mercato.billing.SubscriptionResumed;
import dev.mercato.billing.SubscriptionStarted;
import dev.mercato.campaigns.CampaignEnded;
import dev.mercato.campaigns.CampaignResponseReceived;
import dev.mercato.campaigns.SubmissionDecided;
import dev.mercato.credits.CreditsExpired;
import dev.mercato.credits.CreditsGranted;
import dev.mercato.credits.CreditsPurchased;
import dev.mercato.rewards.TokensExpired;
import dev.mercato.rewards.TokensRedeemed;
import dev.mercato.identity.UserCreated;
import dev.mercato.ledger.TransactionPosted;
import dev.mercato.orders.DisputeClosed;
import dev.mercato.orders.DisputeOpened;
import dev.mercato.orders.OrderPaid;
import dev.mercato.orders.OrderRefunded;
import dev.mercato.payouts.PayoutFailed;
import dev.mercato.payouts.PayoutPaid;
import dev.mercato.referrals.ReferralClawedBack;
import dev.mercato.referrals.ReferralQualified;
import dev.mercato.referrals.ReferralRewarded;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns the other modules' domain events into webhook events. Each listener runs after the
 * publishing transaction commits, in a transaction of its own, from the outbox (retried until it
 * succeeds). The payloads here are the public contract (docs/webhooks.md): snake_case, amounts in
 * minor units, one object id per event that makes a redelivered domain event a no-op.
 */
@Component
class DomainEvents {

    private final WebhookEventLog log;

    DomainEvents(WebhookEventLog log) {
        this.log = log;
    }

    @ApplicationModuleListener
    void on(UserCreated e) {
        log.record(EventTypes.USER_CREATED, e.userId(), data("user_id", e.userId(), "role", e.role(),
                "created_at", e.createdAt()), e.createdAt());
    }

    @ApplicationModuleListener
    void on(CampaignResponseReceived e) {
        log.record(EventTypes.CAMPAIGN_RESPONSE_RECEIVED, e.submissionId(), data("campaign_id", e.campaignId(),
                "buyer_id", e.buyerId(), "submission_id", e.submissionId(), "responder_id", e.responderId(),
                "outcome", e.outcome(), "score", e.score(), "status", e.status(), "received_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(CampaignEnded e) {
        log.record(EventTypes.CAMPAIGN_ENDED, e.campaignId(), data("campaign_id", e.campaignId(), "buyer_id", e.buyerId(),
                "status", e.status(), "paid_responses", e.paid(), "currency", e.currency(), "refunded", e.refunded(),
                "ended_at", e.at()), e.at());
    }

    /** Keyed by submission, status and time: a submission is decided more than once (review, appeal, review again). */
    @ApplicationModuleListener
    void on(SubmissionDecided e) {
        log.record(EventTypes.SUBMISSION_DECIDED, e.submissionId() + ":" + e.status() + ":" + e.at().toEpochMilli(),
                data("submission_id", e.submissionId(), "campaign_id", e.campaignId(), "responder_id", e.responderId(),
                        "status", e.status(), "currency", e.currency(), "earned", e.earned(), "failed_checks",
                        e.failedChecks(), "tips", e.tips(), "reason", e.reason(), "decided_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(OrderPaid e) {
        List<Map<String, Object>> earnings = e.earnings().stream()
                .map(s -> data("seller_id", s.sellerId(), "amount", s.amount())).toList();
        log.record(EventTypes.ORDER_PAID, e.orderId(), data("order_id", e.orderId(), "buyer_id", e.buyerId(),
                "currency", e.currency(), "total", e.total(), "listing_ids", e.listingIds(), "seller_earnings", earnings,
                "paid_at", e.paidAt()), e.paidAt());
    }

    @ApplicationModuleListener
    void on(OrderRefunded e) {
        log.record(EventTypes.ORDER_REFUNDED, e.refundId(), data("order_id", e.orderId(), "refund_id", e.refundId(),
                "currency", e.currency(), "amount", e.amount(), "full", e.full(), "refunded_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(PayoutPaid e) {
        log.record(EventTypes.PAYOUT_PAID, e.payoutId(), data("payout_id", e.payoutId(), "seller_id", e.sellerId(),
                "currency", e.currency(), "amount", e.amount(), "processor_transfer_id", e.transferId(), "paid_at", e.at()),
                e.at());
    }

    @ApplicationModuleListener
    void on(PayoutFailed e) {
        log.record(EventTypes.PAYOUT_FAILED, e.payoutId(), data("payout_id", e.payoutId(), "seller_id", e.sellerId(),
                "currency", e.currency(), "amount", e.amount(), "failure_code", e.failureCode(), "was_paid", e.wasPaid(),
                "failed_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(DisputeOpened e) {
        log.record(EventTypes.DISPUTE_OPENED, e.disputeId(), data("dispute_id", e.disputeId(), "order_id", e.orderId(),
                "currency", e.currency(), "amount", e.amount(), "opened_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(DisputeClosed e) {
        log.record(EventTypes.DISPUTE_CLOSED, e.disputeId(), data("dispute_id", e.disputeId(), "order_id", e.orderId(),
                "currency", e.currency(), "amount", e.amount(), "outcome", e.outcome(), "fee", e.fee(),
                "closed_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(TransactionPosted e) {
        List<Map<String, Object>> entries = e.entries().stream().map(l -> data("account_id", l.accountId(),
                "direction", l.direction(), "amount", l.amount(), "asset", l.asset())).toList();
        log.record(EventTypes.LEDGER_TRANSACTION_POSTED, e.transactionId(), data("transaction_id", e.transactionId(),
                "type", e.type(), "reference", e.reference(), "reverses", e.reverses(), "entries", entries,
                "metadata", e.metadata(), "effective_at", e.effectiveAt(), "posted_at", e.postedAt()), e.postedAt());
    }

    // A subscription has many facts of one type over its life: each is keyed by its instant.

    @ApplicationModuleListener
    void on(SubscriptionStarted e) {
        log.record(EventTypes.SUBSCRIPTION_STARTED, e.subscriptionId(), data("subscription_id", e.subscriptionId(),
                "user_id", e.userId(), "plan_id", e.planId(), "status", e.status(), "currency", e.currency(),
                "interval", e.interval(), "amount_charged", e.amountCharged(), "trial_end", e.trialEnd(),
                "started_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(SubscriptionChanged e) {
        log.record(EventTypes.SUBSCRIPTION_CHANGED, e.subscriptionId() + "@" + e.at(), data("subscription_id",
                e.subscriptionId(), "user_id", e.userId(), "from_plan_id", e.fromPlanId(), "to_plan_id", e.toPlanId(),
                "currency", e.currency(), "interval", e.interval(), "proration_credit", e.credit(),
                "proration_charge", e.charge(), "changed_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(SubscriptionCanceled e) {
        log.record(EventTypes.SUBSCRIPTION_CANCELED, e.subscriptionId() + "@" + e.at(), data("subscription_id",
                e.subscriptionId(), "user_id", e.userId(), "plan_id", e.planId(), "immediately", e.immediately(),
                "ends_at", e.endsAt(), "canceled_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(SubscriptionEnded e) {
        log.record(EventTypes.SUBSCRIPTION_ENDED, e.subscriptionId(), data("subscription_id", e.subscriptionId(),
                "user_id", e.userId(), "plan_id", e.planId(), "ended_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(SubscriptionRenewed e) {
        log.record(EventTypes.SUBSCRIPTION_RENEWED, e.subscriptionId() + "@" + e.periodStart(), data("subscription_id",
                e.subscriptionId(), "user_id", e.userId(), "plan_id", e.planId(), "currency", e.currency(),
                "amount", e.amount(), "period_start", e.periodStart(), "period_end", e.periodEnd(), "renewed_at", e.at()),
                e.at());
    }

    @ApplicationModuleListener
    void on(SubscriptionPaymentFailed e) {
        log.record(EventTypes.SUBSCRIPTION_PAYMENT_FAILED, e.subscriptionId() + "@" + e.at(), data("subscription_id",
                e.subscriptionId(), "user_id", e.userId(), "plan_id", e.planId(), "currency", e.currency(),
                "amount", e.amount(), "failure_code", e.failureCode(), "attempt", e.attempt(), "next_attempt_at",
                e.nextAttemptAt(), "final_action", e.finalAction(), "final_action_at", e.finalActionAt(), "failed_at", e.at()),
                e.at());
    }

    @ApplicationModuleListener
    void on(SubscriptionPaymentConfirmed e) {
        log.record(EventTypes.SUBSCRIPTION_PAYMENT_CONFIRMED, e.paymentId(), data("subscription_id", e.subscriptionId(),
                "user_id", e.userId(), "plan_id", e.planId(), "currency", e.currency(), "amount", e.amount(),
                "payment_id", e.paymentId(), "invoice_id", e.invoiceId(), "invoice_number", e.invoiceNumber(),
                "period_start", e.periodStart(), "period_end", e.periodEnd(), "confirmed_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(SubscriptionPaused e) {
        log.record(EventTypes.SUBSCRIPTION_PAUSED, e.subscriptionId() + "@" + e.at(), data("subscription_id",
                e.subscriptionId(), "user_id", e.userId(), "plan_id", e.planId(), "access_until", e.accessUntil(),
                "paused_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(SubscriptionResumed e) {
        log.record(EventTypes.SUBSCRIPTION_RESUMED, e.subscriptionId() + "@" + e.at(), data("subscription_id",
                e.subscriptionId(), "user_id", e.userId(), "plan_id", e.planId(), "amount_charged", e.amountCharged(),
                "resumed_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(CreditsGranted e) {
        log.record(EventTypes.CREDITS_GRANTED, e.lotId(), data("lot_id", e.lotId(), "user_id", e.userId(),
                "source", e.source(), "kind", "free", "units", e.units(), "expires_at", e.expiresAt(), "reason", e.reason(),
                "granted_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(CreditsPurchased e) {
        log.record(EventTypes.CREDITS_PURCHASED, e.topUpId(), data("top_up_id", e.topUpId(), "user_id", e.userId(),
                "lot_id", e.lotId(), "units", e.units(), "currency", e.currency(), "amount", e.amount(),
                "payment_id", e.paymentId(), "purchased_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(CreditsExpired e) {
        log.record(EventTypes.CREDITS_EXPIRED, e.movementId(), data("movement_id", e.movementId(), "lot_id", e.lotId(), "user_id", e.userId(),
                "kind", e.kind(), "units", e.units(), "expires_at", e.expiredAt(), "expired_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(TokensRedeemed e) {
        log.record(EventTypes.REWARDS_REDEEMED, e.redemptionId(), data("redemption_id", e.redemptionId(), "user_id",
                e.userId(), "type", e.type(), "tokens", e.tokens(), "asset", e.asset(), "currency", e.currency(),
                "cash", e.cash(), "fee", e.fee(), "credits", e.credits(), "feature", e.feature(), "feature_expires_at",
                e.featureExpiresAt(), "voucher_code", e.voucherCode(), "redeemed_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(TokensExpired e) {
        log.record(EventTypes.REWARDS_EXPIRED, e.awardId(), data("award_id", e.awardId(), "user_id",
                e.userId(), "tokens", e.tokens(), "asset", e.asset(), "expires_at", e.expiresAt(), "transaction_id",
                e.transactionId(), "expired_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(ReferralQualified e) {
        log.record(EventTypes.REFERRAL_QUALIFIED, e.referralId(), data("referral_id", e.referralId(), "referrer_id",
                e.referrerId(), "referred_id", e.referredId(), "qualify_on", e.qualifyOn(), "order_id", e.orderId(),
                "vests_at", e.vestsAt(), "qualified_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(ReferralRewarded e) {
        List<Map<String, Object>> payments = e.payments().stream().map(p -> data("user_id", p.userId(), "side", p.side(),
                "kind", p.kind(), "asset", p.asset(), "amount", p.amount(), "reference", p.reference())).toList();
        log.record(EventTypes.REFERRAL_REWARDED, e.referralId(), data("referral_id", e.referralId(), "referrer_id",
                e.referrerId(), "referred_id", e.referredId(), "payments", payments, "rewarded_at", e.at()), e.at());
    }

    @ApplicationModuleListener
    void on(ReferralClawedBack e) {
        List<Map<String, Object>> recoveries = e.recoveries().stream().map(r -> data("user_id", r.userId(), "side",
                r.side(), "kind", r.kind(), "asset", r.asset(), "clawed_back", r.clawedBack(), "unrecovered",
                r.unrecovered())).toList();
        log.record(EventTypes.REFERRAL_CLAWED_BACK, e.referralId(), data("referral_id", e.referralId(), "referrer_id",
                e.referrerId(), "referred_id", e.referredId(), "order_id", e.orderId(), "vested", e.vested(),
                "recoveries", recoveries, "clawed_back_at", e.at()), e.at());
    }

    /** An ordered JSON object from alternating names and values (nulls kept, so every field is always present). */
    private static Map<String, Object> data(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
