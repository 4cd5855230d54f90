package dev.mercato.payouts;

import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventReceived;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Transfer webhooks settle payouts: a pending transfer that completed pays the payout; one that
 * failed, or a paid one the processor reversed, returns the money to the seller's available
 * balance. Each is applied once, whatever the number of deliveries.
 */
@Component
class TransferEvents {

    private final PayoutManagement payouts;

    TransferEvents(PayoutManagement payouts) {
        this.payouts = payouts;
    }

    @ApplicationModuleListener
    void on(ProcessorEventReceived received) {
        ProcessorEvent event = received.event();
        switch (event.type()) {
            case TRANSFER_PAID -> payouts.onTransfer(received.adapter(), event.objectId(), PayoutStatus.PAID, null);
            case TRANSFER_FAILED -> payouts.onTransfer(received.adapter(), event.objectId(), PayoutStatus.FAILED,
                    event.failureCode() == null ? "transfer_failed" : event.failureCode());
            case TRANSFER_REVERSED -> payouts.onTransfer(received.adapter(), event.objectId(), PayoutStatus.FAILED,
                    "transfer_reversed");
            default -> {
            }
        }
    }
}
