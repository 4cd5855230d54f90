package dev.mercato.orders;

import dev.mercato.ledger.AccountId;
import java.time.Instant;
import java.util.List;

/**
 * Where a seller's share of a refund or a dispute is taken from, and where it goes back. While an
 * order's earnings are held, from the seller's pending earnings — but never more than this order
 * still has pending; anything beyond, and everything once the earnings were released (perhaps paid
 * out), becomes the seller's debt, allowed down to a limit and repaid from later earnings. The
 * payouts module answers, in the caller's transaction.
 */
public interface SellerDebits {

    /** An amount on one account. */
    record Part(AccountId account, long amount) {
    }

    /**
     * @param orderEarnings what the seller earned from the whole order (to record it if the sale
     *                      has not reached payouts yet)
     * @return the accounts to debit and how much from each; the parts sum to {@code amount}
     */
    List<Part> debitsFor(String sellerId, String orderId, String currency, long orderEarnings, long amount, Instant paidAt);

    /**
     * Where money taken from {@code takenFrom} goes back (a dispute won): to pending while the
     * order's earnings are still held, else to what the seller owes and then to available.
     */
    List<Part> creditsForReturn(String sellerId, String orderId, String currency, long amount, AccountId takenFrom);
}
