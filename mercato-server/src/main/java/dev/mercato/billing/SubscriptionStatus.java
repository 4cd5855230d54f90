package dev.mercato.billing;

import dev.mercato.platform.ApiException;

/** Where a subscription stands; {@link dev.mercato.billing.core.SubscriptionStateMachine} says how it moves. */
public enum SubscriptionStatus {
    TRIALING, ACTIVE, PAST_DUE, PAUSED, CANCELED;

    public String code() {
        return name().toLowerCase();
    }

    public static SubscriptionStatus of(String code) {
        for (SubscriptionStatus s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        throw ApiException.invalid("invalid_status", "unknown subscription status '" + code + "'");
    }
}
