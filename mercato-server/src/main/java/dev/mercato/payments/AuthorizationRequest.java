package dev.mercato.payments;

import java.util.Map;

/**
 * Asks a processor to authorize (hold) an amount on a payment method, to be captured later.
 *
 * @param amount         minor units, positive
 * @param currency       ISO 4217 code, any case
 * @param paymentMethod  a payment token or method id ({@code tok_visa} on the simulated processor,
 *                       {@code pm_…} on Stripe)
 * @param idempotencyKey the same key and parameters never authorize twice
 * @param reference      Mercato's own id for the payment ({@code pay_…}), stored with the processor
 *                       so the payment can be found even when its processor id never came back
 * @param metadata       free key/value pairs stored with the processor
 * @param transferGroup  groups the payment with the transfers to sellers it funds, or null
 */
public record AuthorizationRequest(long amount, String currency, String paymentMethod, String idempotencyKey,
        String reference, Map<String, String> metadata, String transferGroup) {

    public AuthorizationRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
