package dev.mercato.reporting;

import dev.mercato.orders.DisputeClosed;
import dev.mercato.orders.DisputeOpened;
import dev.mercato.orders.OrderPaid;
import dev.mercato.orders.OrderRefunded;
import dev.mercato.payouts.PayoutFailed;
import dev.mercato.payouts.PayoutPaid;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Business counters for Prometheus, fed by the modules' domain events: each event reaches this
 * listener once, after its transaction committed, so the counters count committed facts only.
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

    @ApplicationModuleListener
    void on(OrderPaid paid) {
        ordersPaid.increment();
        Counter.builder("gmv.minor").description("gross merchandise value of paid orders, in minor units")
                .tag("currency", paid.currency()).register(meters).increment(paid.total());
    }

    @ApplicationModuleListener
    void on(OrderRefunded refunded) {
        refunds.increment();
        Counter.builder("refunded.minor").description("money refunded to buyers, in minor units")
                .tag("currency", refunded.currency()).register(meters).increment(refunded.amount());
    }

    @ApplicationModuleListener
    void on(PayoutPaid paid) {
        payouts("paid").increment();
    }

    /** Counts a reversal of a payout that was paid as a failure too: the money did not reach the seller. */
    @ApplicationModuleListener
    void on(PayoutFailed failed) {
        payouts("failed").increment();
    }

    @ApplicationModuleListener
    void on(DisputeOpened opened) {
        disputesOpened.increment();
    }

    @ApplicationModuleListener
    void on(DisputeClosed closed) {
        Counter.builder("disputes.closed").description("chargebacks decided, by outcome (won, lost)")
                .tag("outcome", closed.outcome()).register(meters).increment();
    }

    private Counter payouts(String outcome) {
        return Counter.builder("payouts").description("payouts by outcome (paid, failed)").tag("outcome", outcome)
                .register(meters);
    }
}
