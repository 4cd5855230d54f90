package dev.mercato.orders;

import dev.mercato.ledger.Allocation;
import java.util.ArrayList;
import java.util.List;

/**
 * How one payment divides: per line, the seller's earnings and the platform's commission; the
 * processor's fee is shared among the lines in proportion to their prices (largest remainder) and
 * borne by the platform. Every part is an exact integer and, for each line,
 * {@code sellerEarnings + platformRevenue + processorFee = price}; over the order the parts sum to
 * the amount paid.
 */
public record Split(List<LineSplit> lines, long total, long processorFee) {

    /** One line's share: {@code platformRevenue} is the commission less this line's part of the fee (it may be negative). */
    public record LineSplit(long price, long commission, long sellerEarnings, long processorFee, long platformRevenue) {
    }

    /**
     * @param prices       line prices in minor units
     * @param commissions  the commission on each line (each at most its price)
     * @param processorFee what the processor keeps of the whole payment
     */
    public static Split of(long[] prices, long[] commissions, long processorFee) {
        if (prices.length == 0 || prices.length != commissions.length) {
            throw new IllegalArgumentException("one commission per line, at least one line");
        }
        long total = 0;
        for (int i = 0; i < prices.length; i++) {
            if (prices[i] < 0 || commissions[i] < 0 || commissions[i] > prices[i]) {
                throw new IllegalArgumentException("a commission lies between zero and its line's price");
            }
            total = Math.addExact(total, prices[i]);
        }
        if (processorFee < 0 || processorFee > total) {
            throw new IllegalArgumentException("the processor fee lies between zero and the total");
        }
        long[] fees = total == 0 ? new long[prices.length] : Allocation.largestRemainder(processorFee, prices);
        List<LineSplit> lines = new ArrayList<>(prices.length);
        for (int i = 0; i < prices.length; i++) {
            lines.add(new LineSplit(prices[i], commissions[i], prices[i] - commissions[i], fees[i], commissions[i] - fees[i]));
        }
        return new Split(List.copyOf(lines), total, processorFee);
    }
}
