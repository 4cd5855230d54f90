package dev.mercato.payments;

import java.util.Map;

/**
 * A caller's request to authorize a payment through the configured processor.
 *
 * @param idempotencyKey the caller's key (1-255 visible ASCII characters): the same key and request
 *                       return the same payment, never a second charge
 * @param paymentMethod  a processor payment token or method ({@code tok_visa}, {@code pm_…})
 * @param transferGroup  groups the payment with the transfers to sellers it funds, or null
 */
public record PaymentAuthorization(String idempotencyKey, long amount, String currency, String paymentMethod,
        Map<String, String> metadata, String transferGroup) {

    public PaymentAuthorization {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
