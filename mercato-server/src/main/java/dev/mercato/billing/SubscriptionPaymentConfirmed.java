package dev.mercato.billing;

import java.time.Instant;

/**
 * Published once per recorded subscription payment when the processor confirms it (its
 * payment-succeeded webhook), for the payment confirmation email. {@code invoiceId} and
 * {@code invoiceNumber} are the invoice the payment paid, or null when it paid none.
 */
public record SubscriptionPaymentConfirmed(String subscriptionId, String userId, String planId, String currency,
        long amount, String paymentId, String invoiceId, String invoiceNumber, Instant periodStart, Instant periodEnd,
        Instant at) {
}
