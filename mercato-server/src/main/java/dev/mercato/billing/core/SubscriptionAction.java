package dev.mercato.billing.core;

/** Everything that can happen to a subscription; {@link SubscriptionStateMachine} says where each may happen. */
public enum SubscriptionAction {
    /** A period was paid (or a trial ended and its first period was paid). */
    RENEW,
    /** The payment for a new period failed. */
    PAYMENT_FAILED,
    /** A past-due period was paid after all. */
    PAYMENT_RECOVERED,
    /** Dunning gave up on a past-due period and, as configured, keeps the subscription on the Free plan. */
    MOVE_TO_FREE,
    CHANGE_PLAN,
    PAUSE,
    RESUME,
    SCHEDULE_CANCEL,
    CANCEL_NOW,
    /** A period ended on a subscription set to cancel at its end. */
    EXPIRE
}
