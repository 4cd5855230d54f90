package dev.mercato.reporting;

import dev.mercato.orders.DisputeClosed;
import dev.mercato.orders.DisputeOpened;
import dev.mercato.orders.OrderPaid;
import dev.mercato.orders.OrderRefunded;
import dev.mercato.payouts.PayoutFailed;
import dev.mercato.payouts.PayoutPaid;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Business counters for Prometheus, fed by the modules' domain events: each event is counted once,
 * after its transaction committed, so the counters count committed facts only. The listeners run
 * in the publishing thread and count in an after-commit callback rather than through the outbox:
 * a counter lives in memory and restarts with the instance anyway, so a durable delivery would
 * only add a commit to every sale (ADR 0016).
 * Amounts are minor units per currency ({@code gmv_minor_total{currency="USD"}}). Counters are
 * per instance, as Prometheus expects; sum them across instances in queries.
 */
@Component
class BusinessMetrics {

    private final MeterRegistry meters;
    private final Counter ordersPaid;
    private final Counter refunds;
    private final Counter disputesOpened;

    BusinessMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.ordersPaid = Counter.builder("orders.paid").description("orders whose payment was captured").register(meters);
        this.refunds = Counter.builder("refunds").description("refunds issued to buyers").register(meters);
        this.disputesOpened = Counter.builder("disputes.opened").description("chargebacks opened").register(meters);
        payouts("paid");
        payouts("failed");
    }

    @EventListener
    void on(OrderPaid paid) {
        afterCommit(() -> {
            ordersPaid.increment();
            Counter.builder("gmv.minor").description("gross merchandise value of paid orders, in minor units")
                    .tag("currency", paid.currency()).register(meters).increment(paid.total());
        });
    }

    @EventListener
    void on(OrderRefunded refunded) {
        afterCommit(() -> {
            refunds.increment();
            Counter.builder("refunded.minor").description("money refunded to buyers, in minor units")
                    .tag("currency", refunded.currency()).register(meters).increment(refunded.amount());
        });
    }

    @EventListener
    void on(PayoutPaid paid) {
        afterCommit(() -> payouts("paid").increment());
    }

    /** Counts a reversal of a payout that was paid as a failure too: the money did not reach the seller. */
    @EventListener
    void on(PayoutFailed failed) {
        afterCommit(() -> payouts("failed").increment());
    }

    @EventListener
    void on(DisputeOpened opened) {
        afterCommit(disputesOpened::increment);
    }

    @EventListener
    void on(DisputeClosed closed) {
        afterCommit(() -> Counter.builder("disputes.closed").description("chargebacks decided, by outcome (won, lost)")
                .tag("outcome", closed.outcome()).register(meters).increment());
    }

    /** Runs {@code count} once the publishing transaction has committed (at once outside one). */
    private static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }

    private Counter payouts(String outcome) {
        return Counter.builder("payouts").description("payouts by outcome (paid, failed)").tag("outcome", outcome)
                .register(meters);
    }
}
