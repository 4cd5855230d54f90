package dev.mercato.billing.core;

import static dev.mercato.billing.SubscriptionStatus.ACTIVE;
import static dev.mercato.billing.SubscriptionStatus.CANCELED;
import static dev.mercato.billing.SubscriptionStatus.PAST_DUE;
import static dev.mercato.billing.SubscriptionStatus.PAUSED;
import static dev.mercato.billing.SubscriptionStatus.TRIALING;

import dev.mercato.billing.SubscriptionStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that says which subscription transitions exist. Every change of a subscription's
 * status goes through {@link #next}; anything not listed here is refused with
 * {@link IllegalTransition}, and nothing else in the module compares statuses to decide whether a
 * change is allowed.
 */
public final class SubscriptionStateMachine {

    private static final Map<SubscriptionStatus, Map<SubscriptionAction, SubscriptionStatus>> TRANSITIONS =
            new EnumMap<>(SubscriptionStatus.class);

    static {
        allow(TRIALING, SubscriptionAction.RENEW, ACTIVE);
        allow(TRIALING, SubscriptionAction.PAYMENT_FAILED, PAST_DUE);
        allow(TRIALING, SubscriptionAction.CHANGE_PLAN, TRIALING);
        allow(TRIALING, SubscriptionAction.SCHEDULE_CANCEL, TRIALING);
        allow(TRIALING, SubscriptionAction.CANCEL_NOW, CANCELED);
        allow(TRIALING, SubscriptionAction.EXPIRE, CANCELED);

        allow(ACTIVE, SubscriptionAction.RENEW, ACTIVE);
        allow(ACTIVE, SubscriptionAction.PAYMENT_FAILED, PAST_DUE);
        allow(ACTIVE, SubscriptionAction.CHANGE_PLAN, ACTIVE);
        allow(ACTIVE, SubscriptionAction.PAUSE, PAUSED);
        allow(ACTIVE, SubscriptionAction.SCHEDULE_CANCEL, ACTIVE);
        allow(ACTIVE, SubscriptionAction.CANCEL_NOW, CANCELED);
        allow(ACTIVE, SubscriptionAction.EXPIRE, CANCELED);

        allow(PAST_DUE, SubscriptionAction.PAYMENT_FAILED, PAST_DUE);
        allow(PAST_DUE, SubscriptionAction.PAYMENT_RECOVERED, ACTIVE);
        allow(PAST_DUE, SubscriptionAction.MOVE_TO_FREE, ACTIVE);
        allow(PAST_DUE, SubscriptionAction.CANCEL_NOW, CANCELED);

        allow(PAUSED, SubscriptionAction.RESUME, ACTIVE);
        allow(PAUSED, SubscriptionAction.CANCEL_NOW, CANCELED);
    }

    private SubscriptionStateMachine() {
    }

    private static void allow(SubscriptionStatus from, SubscriptionAction action, SubscriptionStatus to) {
        TRANSITIONS.computeIfAbsent(from, s -> new EnumMap<>(SubscriptionAction.class)).put(action, to);
    }

    /** The status after {@code action}, or empty when it is not allowed from {@code from}. */
    public static Optional<SubscriptionStatus> target(SubscriptionStatus from, SubscriptionAction action) {
        return Optional.ofNullable(TRANSITIONS.getOrDefault(from, Map.of()).get(action));
    }

    /**
     * The status after {@code action}.
     *
     * @throws IllegalTransition when {@code action} is not allowed from {@code from}
     */
    public static SubscriptionStatus next(SubscriptionStatus from, SubscriptionAction action) {
        return target(from, action).orElseThrow(() -> new IllegalTransition(from, action));
    }

    /** A transition the state machine does not allow, with a sentence saying what to do instead. */
    public static final class IllegalTransition extends RuntimeException {

        private final SubscriptionStatus from;
        private final SubscriptionAction action;

        IllegalTransition(SubscriptionStatus from, SubscriptionAction action) {
            super(explain(from, action));
            this.from = from;
            this.action = action;
        }

        public SubscriptionStatus from() {
            return from;
        }

        public SubscriptionAction action() {
            return action;
        }

        private static String explain(SubscriptionStatus from, SubscriptionAction action) {
            String verb = action.name().toLowerCase().replace('_', ' ');
            String hint = switch (from) {
                case CANCELED -> "; a canceled subscription is final: start a new one";
                case PAUSED -> "; resume it first";
                case PAST_DUE -> "; pay the past-due period first (update the payment method)";
                default -> "";
            };
            return "a " + from.code() + " subscription cannot " + verb + hint;
        }
    }
}
