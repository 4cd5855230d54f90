package dev.mercato.orders;

import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentReconciled;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Orders whose payment ended after the buyer's call had: when the payments janitor settles an
 * order's payment (a timeout cleared up, 3-D Secure completed later), the order is finished or
 * failed at once — the buyer does not have to call pay again. Runs after the janitor's commit and
 * outside any transaction, as it may call the processor.
 */
@Component
class PaymentOutcomes {

    private final Checkout checkout;
    private final PaymentManagement payments;

    PaymentOutcomes(Checkout checkout, PaymentManagement payments) {
        this.checkout = checkout;
        this.payments = payments;
    }

    @Async
    @TransactionalEventListener
    void on(PaymentReconciled reconciled) {
        payments.find(reconciled.paymentId())
                .filter(attempt -> attempt.metadata().containsKey("order_id"))
                .ifPresent(attempt -> checkout.finish(attempt.metadata().get("order_id"), attempt));
    }
}
