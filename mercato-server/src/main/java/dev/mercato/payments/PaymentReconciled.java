package dev.mercato.payments;

import java.time.Instant;

/**
 * Published by the janitor when it settles a payment that was pending, unknown or waiting for the
 * customer, so its owner can capture or cancel it. Inside the transaction that settles the row.
 */
public record PaymentReconciled(String paymentId, String adapter, String processorPaymentId, PaymentStatus status,
        long amount, String currency, String failureCode, Instant reconciledAt) {
}
