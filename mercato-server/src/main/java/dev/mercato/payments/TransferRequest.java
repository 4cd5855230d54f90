package dev.mercato.payments;

import java.util.Map;

/**
 * Moves funds from the platform's processor balance to a seller's connected account (separate
 * charges and transfers: one payment can fund transfers to several sellers).
 *
 * @param sourcePaymentId the processor payment funding it, so the transfer can use its funds
 *                        before they are available, or null
 * @param transferGroup   the group shared with the payment, or null
 */
public record TransferRequest(String destinationAccountId, long amount, String currency, String idempotencyKey,
        String transferGroup, String sourcePaymentId, Map<String, String> metadata) {

    public TransferRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
