package dev.mercato.billing;

import dev.mercato.platform.ApiException;
import java.time.Instant;
import java.time.ZoneOffset;

/** How often a plan is paid for: every calendar month or year, counted in UTC from the billing anchor. */
public enum BillingInterval {
    MONTH, YEAR;

    public String code() {
        return name().toLowerCase();
    }

    /** The instant {@code count} intervals after {@code anchor} (the 31st clamps to the month's last day). */
    public Instant after(Instant anchor, int count) {
        var start = anchor.atOffset(ZoneOffset.UTC);
        return (this == MONTH ? start.plusMonths(count) : start.plusYears(count)).toInstant();
    }

    /** The first period boundary after {@code at}, counted from {@code anchor}: periods never drift. */
    public Instant nextBoundary(Instant anchor, Instant at) {
        int n = 1;
        Instant end = after(anchor, n);
        while (!end.isAfter(at)) {
            end = after(anchor, ++n);
        }
        return end;
    }

    public static BillingInterval of(String code) {
        if (code != null) {
            for (BillingInterval i : values()) {
                if (i.code().equals(code)) {
                    return i;
                }
            }
        }
        throw ApiException.invalid("invalid_interval", "interval is month or year");
    }
}
