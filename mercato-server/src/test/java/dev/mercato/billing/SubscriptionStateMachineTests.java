package dev.mercato.billing;

import static dev.mercato.billing.SubscriptionStatus.ACTIVE;
import static dev.mercato.billing.SubscriptionStatus.CANCELED;
import static dev.mercato.billing.SubscriptionStatus.PAST_DUE;
import static dev.mercato.billing.SubscriptionStatus.PAUSED;
import static dev.mercato.billing.SubscriptionStatus.TRIALING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.billing.core.SubscriptionAction;
import dev.mercato.billing.core.SubscriptionStateMachine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every status × action pair: the legal ones land where the product says, every other one is refused. */
class SubscriptionStateMachineTests {

    /** The transitions as docs/billing.md states them. */
    static final Map<SubscriptionStatus, Map<SubscriptionAction, SubscriptionStatus>> LEGAL = Map.of(
            TRIALING, Map.of(SubscriptionAction.RENEW, ACTIVE, SubscriptionAction.PAYMENT_FAILED, PAST_DUE,
                    SubscriptionAction.CHANGE_PLAN, TRIALING, SubscriptionAction.SCHEDULE_CANCEL, TRIALING,
                    SubscriptionAction.CANCEL_NOW, CANCELED, SubscriptionAction.EXPIRE, CANCELED),
            ACTIVE, Map.of(SubscriptionAction.RENEW, ACTIVE, SubscriptionAction.PAYMENT_FAILED, PAST_DUE,
                    SubscriptionAction.CHANGE_PLAN, ACTIVE, SubscriptionAction.PAUSE, PAUSED,
                    SubscriptionAction.SCHEDULE_CANCEL, ACTIVE, SubscriptionAction.CANCEL_NOW, CANCELED,
                    SubscriptionAction.EXPIRE, CANCELED),
            PAST_DUE, Map.of(SubscriptionAction.PAYMENT_FAILED, PAST_DUE, SubscriptionAction.PAYMENT_RECOVERED, ACTIVE,
                    SubscriptionAction.MOVE_TO_FREE, ACTIVE, SubscriptionAction.CANCEL_NOW, CANCELED),
            PAUSED, Map.of(SubscriptionAction.RESUME, ACTIVE, SubscriptionAction.CANCEL_NOW, CANCELED),
            CANCELED, Map.of());

    @Test
    void everyLegalTransitionLandsWhereDocumentedAndEveryOtherIsRefused() {
        int legal = 0;
        int refused = 0;
        for (SubscriptionStatus from : SubscriptionStatus.values()) {
            for (SubscriptionAction action : SubscriptionAction.values()) {
                SubscriptionStatus expected = LEGAL.get(from).get(action);
                if (expected != null) {
                    assertThat(SubscriptionStateMachine.next(from, action)).as(from + " " + action).isEqualTo(expected);
                    legal++;
                } else {
                    assertThat(SubscriptionStateMachine.target(from, action)).as(from + " " + action).isEmpty();
                    assertThatThrownBy(() -> SubscriptionStateMachine.next(from, action))
                            .isInstanceOf(SubscriptionStateMachine.IllegalTransition.class)
                            .hasMessageContaining(from.code());
                    refused++;
                }
            }
        }
        assertThat(legal).isEqualTo(19);
        assertThat(refused).isEqualTo(SubscriptionStatus.values().length * SubscriptionAction.values().length - 19);
    }

    @Test
    void aCanceledSubscriptionIsFinalAndTheErrorSaysWhatToDoInstead() {
        for (SubscriptionAction action : SubscriptionAction.values()) {
            assertThatThrownBy(() -> SubscriptionStateMachine.next(CANCELED, action))
                    .hasMessageContaining("start a new one");
        }
        assertThatThrownBy(() -> SubscriptionStateMachine.next(PAUSED, SubscriptionAction.CHANGE_PLAN))
                .hasMessageContaining("resume it first");
        assertThatThrownBy(() -> SubscriptionStateMachine.next(PAST_DUE, SubscriptionAction.PAUSE))
                .hasMessageContaining("pay the past-due period first");
    }
}
