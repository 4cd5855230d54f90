package dev.mercato.payments;

/**
 * A processor's fee for a capture: a percentage in basis points (290 = 2.9%) plus a fixed amount,
 * the percentage rounded half up to the minor unit. Exact integer arithmetic; no floating point.
 */
public record FeeSchedule(long basisPoints, long fixedMinor) {

    public FeeSchedule {
        if (basisPoints < 0 || basisPoints > 10_000 || fixedMinor < 0) {
            throw new IllegalArgumentException("fee basis points must be 0-10000 and the fixed fee not negative");
        }
    }

    public long feeFor(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("the amount must be positive");
        }
        long scaled = Math.multiplyExact(amount, basisPoints);
        return Math.addExact(scaled / 10_000 + (scaled % 10_000 >= 5_000 ? 1 : 0), fixedMinor);
    }
}
