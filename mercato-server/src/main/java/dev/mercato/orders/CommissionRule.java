package dev.mercato.orders;

/**
 * The platform's cut of an order line: {@code basisPoints} of the price plus a fixed fee, but never
 * less than {@code minimum} and never more than the price itself. A rule applies to one listing,
 * one seller, the sellers of one tier (such as {@code enterprise}), one category, one kind, or the whole platform; {@code kind} optionally narrows a
 * seller, category or platform rule to one kind of listing (e.g. an enterprise instructor's courses).
 */
public record CommissionRule(Scope scope, String subject, String kind, int basisPoints, long fixedFee, long minimum) {

    /** From most to least specific: the first scope with a matching rule decides. */
    public enum Scope {
        LISTING, SELLER, TIER, CATEGORY, KIND, PLATFORM
    }

    public CommissionRule {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException("basis points are between 0 and 10000");
        }
        if (fixedFee < 0 || minimum < 0) {
            throw new IllegalArgumentException("fees are not negative");
        }
    }

    /** The commission on a line of this price: exact integer arithmetic, rounding half up. */
    public long commissionOn(long price) {
        long proportional = Math.addExact(Math.multiplyExact(price, basisPoints), 5_000) / 10_000;
        long commission = Math.max(minimum, Math.addExact(proportional, fixedFee));
        return Math.min(commission, price);
    }
}
