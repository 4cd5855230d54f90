package dev.mercato.billing;

import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentAuthorization;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.platform.ApiException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Collects what a subscription owes: the customer's account credit first, the rest through the
 * payment processor (authorize and capture under a key derived from the subscription, so asking
 * again never charges twice). Called outside any transaction; the caller then records the
 * subscription change and the ledger postings in one, and gives the money back with
 * {@link #giveBack} if that transaction fails.
 */
@Component
class SubscriptionPayments {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionPayments.class);

    /** How a charge was paid: {@code total} = {@code creditApplied} + {@code byCard}; the fee is the processor's. */
    record Paid(long total, long creditApplied, long byCard, long fee, String paymentId) {

        static final Paid NOTHING = new Paid(0, 0, 0, 0, null);
    }

    private final PaymentManagement payments;
    private final PaymentProcessors processors;
    private final BillingLedger money;

    SubscriptionPayments(PaymentManagement payments, PaymentProcessors processors, BillingLedger money) {
        this.payments = payments;
        this.processors = processors;
        this.money = money;
    }

    /**
     * @throws PaymentException when the card is declined, needs action, or the processor did not
     *                          answer ({@code processor_unavailable}; asking again with the same key is safe)
     * @throws ApiException     400 {@code payment_method_required} when the card must pay and there is none
     */
    Paid collect(Subscription s, String paymentMethod, long amount, String key) {
        if (amount <= 0) {
            return Paid.NOTHING;
        }
        long credit = Math.min(money.creditBalance(s.userId(), s.currency()), amount);
        long byCard = amount - credit;
        if (byCard == 0) {
            return new Paid(amount, credit, 0, 0, null);
        }
        if (paymentMethod == null || paymentMethod.isBlank()) {
            throw ApiException.invalid("payment_method_required",
                    "this costs " + byCard + " " + s.currency() + " minor units: give a payment_method (a processor token)");
        }
        PaymentAttempt attempt = payments.authorize(new PaymentAuthorization(key, byCard, s.currency(), paymentMethod,
                Map.of("subscription_id", s.id(), "user_id", s.userId()), null)).requireAuthorized();
        if (attempt.status() == PaymentStatus.AUTHORIZED) {
            attempt = payments.capture(attempt.id(), null, key + ":capture");
        }
        if (attempt.amountRefunded() > 0) {
            // this key's payment was given back because its change never committed: it pays for nothing now
            throw new ApiException(409, "payment_given_back", "the payment taken for this (" + key + ") was refunded"
                    + " because recording it failed; ask again");
        }
        long fee = Math.min(processors.get(attempt.adapter()).fee(byCard, s.currency()), byCard);
        return new Paid(amount, credit, byCard, fee, attempt.id());
    }

    /** Refunds a card payment whose subscription change did not commit. */
    void giveBack(Paid paid, String key) {
        if (paid.paymentId() == null) {
            return;
        }
        try {
            payments.refund(paid.paymentId(), paid.byCard(), key + ":refund");
        } catch (RuntimeException e) {
            log.error("payment {} was captured for a subscription change that did not commit, and refunding it failed;"
                    + " refund it by hand", paid.paymentId(), e);
        }
    }

    /** True when a payment error means the processor's answer is unknown (retry with the same key), not a refusal. */
    static boolean unknownOutcome(ApiException e) {
        return e.status() == 503;
    }
}
