package dev.mercato.payments;

/**
 * Opens a processor account for a seller, who receives transfers and payouts through it.
 *
 * @param reference      Mercato's id of the seller (a user id), stored with the processor
 * @param email          the seller's email, or null
 * @param country        ISO 3166 country code, or null for the platform's country
 * @param idempotencyKey the same key never opens a second account
 */
public record ConnectedAccountRequest(String reference, String email, String country, String idempotencyKey) {
}
