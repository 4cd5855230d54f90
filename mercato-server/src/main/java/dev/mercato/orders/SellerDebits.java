package dev.mercato.orders;

import dev.mercato.ledger.AccountId;

/**
 * Which of a seller's accounts a refund takes the seller's share from: its pending earnings while
 * the order's earnings are still held, its available earnings once they were released (which may
 * then go negative within a limit and are recovered from later earnings). The payouts module
 * answers, in the refund's transaction.
 */
public interface SellerDebits {

    /**
     * @param orderEarnings what the seller earned from the whole order (to record it if the sale
     *                      has not reached payouts yet)
     * @param amount        the seller's share of this refund
     */
    AccountId accountForRefund(String sellerId, String orderId, String currency, long orderEarnings, long amount,
            java.time.Instant paidAt);
}
