package dev.mercato.payments;

/**
 * Published once per verified processor webhook, inside the transaction that stores it, for
 * orders, payouts, refunds and disputes to react to.
 */
public record ProcessorEventReceived(String adapter, ProcessorEvent event) {
}
