package dev.mercato.orders;

import java.time.Instant;
import java.util.List;

/**
 * An order's payment was captured and split; published in the same transaction, delivered to
 * listeners after commit (and retried until they succeed).
 *
 * @param earnings what each seller earned from the order, in the order's currency
 */
public record OrderPaid(String orderId, String buyerId, String currency, long total, List<String> listingIds,
        List<SellerEarning> earnings, Instant paidAt) {

    /** One seller's earnings from the order (pending until its hold period passes). */
    public record SellerEarning(String sellerId, long amount) {
    }
}
