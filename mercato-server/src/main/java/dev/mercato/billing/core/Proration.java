package dev.mercato.billing.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Proration to the second. A plan change at instant {@code t} inside the period {@code [start, end)}
 * credits the unused part of the old price, {@code round(old × (end − t) / (end − start))}, and
 * charges the rest of the period on the new one, {@code round(new × (end − t) / (end − start))};
 * the customer pays (or is credited) the difference. Each share is rounded half up to a minor unit,
 * so a sequence of changes is within one minor unit per change of paying every plan for exactly
 * the seconds it was held.
 */
public final class Proration {

    /** What a change costs: the credit for the old plan's unused time and the charge for the new plan's. */
    public record Quote(long credit, long charge) {

        /** Positive: the customer pays this; negative: the customer is credited it. */
        public long net() {
            return charge - credit;
        }
    }

    private Proration() {
    }

    public static Quote change(long oldPrice, long newPrice, Instant periodStart, Instant periodEnd, Instant at) {
        long total = seconds(periodStart, periodEnd);
        if (total <= 0) {
            throw new IllegalArgumentException("a period must be longer than a second");
        }
        long remaining = Math.clamp(seconds(at, periodEnd), 0, total);
        return new Quote(share(oldPrice, remaining, total), share(newPrice, remaining, total));
    }

    /** {@code price × part / whole}, rounded half up. */
    public static long share(long price, long part, long whole) {
        if (price < 0 || part < 0 || whole <= 0 || part > whole) {
            throw new IllegalArgumentException("share of " + price + " for " + part + "/" + whole);
        }
        long doubled = Math.multiplyExact(Math.multiplyExact(price, part), 2L);
        return Math.addExact(doubled, whole) / Math.multiplyExact(whole, 2L);
    }

    private static long seconds(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds();
    }
}
