package dev.mercato.payments.internal;

import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventReceived;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A webhook about a payment Mercato is still waiting on (3-D Secure completed, a timed-out
 * authorization that went through after all) reconciles that payment at once, so its owner
 * hears of it through {@link dev.mercato.payments.PaymentReconciled} without waiting for the
 * janitor's next round. The webhook only triggers the look: the janitor asks the processor for
 * the truth, as always. No database transaction is open while the processor is asked.
 */
@Component
class PaymentWebhooks {

    private final PaymentAttempts attempts;
    private final PaymentJanitor janitor;

    PaymentWebhooks(PaymentAttempts attempts, PaymentJanitor janitor) {
        this.attempts = attempts;
        this.janitor = janitor;
    }

    @Async
    @TransactionalEventListener
    void on(ProcessorEventReceived received) {
        ProcessorEvent event = received.event();
        switch (event.type()) {
            case PAYMENT_AUTHORIZED, PAYMENT_SUCCEEDED, PAYMENT_FAILED, PAYMENT_CANCELED -> {
                if (event.paymentId() != null) {
                    attempts.findByProcessorPayment(received.adapter(), event.paymentId()).ifPresent(janitor::reconcileNow);
                }
            }
            default -> {
            }
        }
    }
}
