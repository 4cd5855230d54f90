package dev.mercato.credits;

import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentReconciled;
import dev.mercato.platform.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Top-ups whose payment ended after the buyer's call had: when the payments janitor settles a
 * top-up's payment, the credits are granted (or the top-up failed) at once, without the buyer
 * calling again. Runs after the janitor's commit and outside any transaction, as capturing calls
 * the processor.
 */
@Component
class TopUpOutcomes {

    private static final Logger log = LoggerFactory.getLogger(TopUpOutcomes.class);

    private final CreditPurchases purchases;
    private final PaymentManagement payments;

    TopUpOutcomes(CreditPurchases purchases, PaymentManagement payments) {
        this.purchases = purchases;
        this.payments = payments;
    }

    @Async
    @TransactionalEventListener
    void on(PaymentReconciled reconciled) {
        payments.find(reconciled.paymentId()).filter(attempt -> attempt.metadata().containsKey("top_up_id"))
                .ifPresent(attempt -> {
                    try {
                        purchases.finish(attempt.metadata().get("top_up_id"), attempt);
                    } catch (ApiException ended) {
                        log.info("top-up {}: its payment {} ended {} ({})", attempt.metadata().get("top_up_id"),
                                attempt.id(), attempt.status().code(), ended.code());
                    }
                });
    }
}
