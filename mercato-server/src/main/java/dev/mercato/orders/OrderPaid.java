package dev.mercato.orders;

import java.time.Instant;
import java.util.List;

/**
 * An order's payment was captured and split; published in the same transaction, delivered to
 * listeners after commit (and retried until they succeed).
 *
 * @param earnings what each seller earned from the order, in the order's currency
 * @param lines    what was bought, line by line, as it was when bought (for analytics and rankings)
 */
public record OrderPaid(String orderId, String buyerId, String currency, long total, List<String> listingIds,
        List<SellerEarning> earnings, Instant paidAt, List<PaidLine> lines) {

    /** One seller's earnings from the order (pending until its hold period passes). */
    public record SellerEarning(String sellerId, long amount) {
    }

    /** One bought item: the listing, its seller, kind and category when bought, and its price. */
    public record PaidLine(String listingId, int listingVersion, String sellerId, String kind, String categoryId,
            long price) {
    }
}
