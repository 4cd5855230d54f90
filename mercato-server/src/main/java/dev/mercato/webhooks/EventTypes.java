package dev.mercato.webhooks;

import dev.mercato.platform.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The event types Mercato emits, and the check of an endpoint's {@code enabled_events}. */
public final class EventTypes {

    public static final String USER_CREATED = "user.created";
    public static final String ORDER_PAID = "order.paid";
    public static final String ORDER_REFUNDED = "order.refunded";
    public static final String PAYOUT_PAID = "payout.paid";
    public static final String PAYOUT_FAILED = "payout.failed";
    public static final String DISPUTE_OPENED = "dispute.opened";
    public static final String DISPUTE_CLOSED = "dispute.closed";
    public static final String LEDGER_TRANSACTION_POSTED = "ledger.transaction.posted";
    public static final String SUBSCRIPTION_STARTED = "subscription.started";
    public static final String SUBSCRIPTION_CHANGED = "subscription.changed";
    public static final String SUBSCRIPTION_CANCELED = "subscription.canceled";
    public static final String SUBSCRIPTION_ENDED = "subscription.ended";
    public static final String SUBSCRIPTION_RENEWED = "subscription.renewed";
    public static final String SUBSCRIPTION_PAYMENT_FAILED = "subscription.payment_failed";
    public static final String SUBSCRIPTION_PAYMENT_CONFIRMED = "subscription.payment_confirmed";
    public static final String SUBSCRIPTION_PAUSED = "subscription.paused";
    public static final String SUBSCRIPTION_RESUMED = "subscription.resumed";
    public static final String CREDITS_GRANTED = "credits.granted";
    public static final String CREDITS_PURCHASED = "credits.purchased";
    public static final String CREDITS_EXPIRED = "credits.expired";
    public static final String REWARDS_REDEEMED = "rewards.redeemed";
    public static final String REWARDS_EXPIRED = "rewards.expired";
    public static final String REFERRAL_QUALIFIED = "referral.qualified";
    public static final String REFERRAL_REWARDED = "referral.rewarded";
    public static final String REFERRAL_CLAWED_BACK = "referral.clawed_back";
    public static final String CAMPAIGN_RESPONSE_RECEIVED = "campaign.response_received";
    public static final String CAMPAIGN_ENDED = "campaign.ended";
    public static final String SUBMISSION_DECIDED = "submission.decided";
    public static final String ALL = "*";

    public static final List<String> KNOWN = List.of(USER_CREATED, ORDER_PAID, ORDER_REFUNDED, PAYOUT_PAID,
            PAYOUT_FAILED, DISPUTE_OPENED, DISPUTE_CLOSED, LEDGER_TRANSACTION_POSTED, SUBSCRIPTION_STARTED, SUBSCRIPTION_CHANGED,
            SUBSCRIPTION_CANCELED, SUBSCRIPTION_ENDED, SUBSCRIPTION_RENEWED, SUBSCRIPTION_PAYMENT_FAILED, SUBSCRIPTION_PAYMENT_CONFIRMED,
            SUBSCRIPTION_PAUSED, SUBSCRIPTION_RESUMED, CREDITS_GRANTED, CREDITS_PURCHASED, CREDITS_EXPIRED, REWARDS_REDEEMED,
            REWARDS_EXPIRED, REFERRAL_QUALIFIED, REFERRAL_REWARDED, REFERRAL_CLAWED_BACK, CAMPAIGN_RESPONSE_RECEIVED,
            CAMPAIGN_ENDED, SUBMISSION_DECIDED);

    private EventTypes() {
    }

    /** Known types without duplicates, or just {@code ["*"]} when the list holds {@code *}. */
    static List<String> checked(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw ApiException.invalid("invalid_enabled_events",
                    "enabled_events lists the event types to deliver, or [\"*\"] for all");
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : requested) {
            if (ALL.equals(type)) {
                return List.of(ALL);
            }
            if (!KNOWN.contains(type)) {
                throw ApiException.invalid("invalid_enabled_events",
                        "unknown event type '" + type + "'; known types are " + String.join(", ", KNOWN) + " and *");
            }
            types.add(type);
        }
        return List.copyOf(types);
    }
}
