package dev.mercato.orders;

/**
 * One bought item: the exact listing version and the price it had, the commission taken, and —
 * once the payment is split — who got what.
 */
public record OrderLine(int line, String listingId, int listingVersion, String sellerId, String kind, String categoryId,
        String title, long price, long commission, String commissionRule, Long sellerEarnings, Long platformRevenue,
        Long processorFee, long refunded) {

    /**
     * How {@code amount} of this line divides between its seller and the platform: in proportion to
     * how its price was split, exactly (largest remainder). Returns {seller, platform}.
     */
    public long[] shareOf(long amount) {
        if (price == 0 || sellerEarnings == null) {
            return new long[] {0, amount};
        }
        return dev.mercato.ledger.Allocation.largestRemainder(amount, sellerEarnings, price - sellerEarnings);
    }

    /** What can still be refunded of this line. */
    public long refundable() {
        return price - refunded;
    }
}
