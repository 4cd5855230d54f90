package dev.mercato.payouts;

import dev.mercato.platform.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * When a seller is paid automatically: everything available, in each currency above the minimum,
 * at 00:00 UTC every day, every week on {@code weeklyAnchor}, or every month on
 * {@code monthlyAnchor} (the month's last day when it is shorter). {@code MANUAL}: only on request.
 *
 * @param nextRunAt the next automatic payout, or null for manual
 */
public record PayoutSchedule(String sellerId, Interval interval, DayOfWeek weeklyAnchor, Integer monthlyAnchor,
        Instant nextRunAt, Instant lastRunAt) {

    public enum Interval {
        MANUAL, DAILY, WEEKLY, MONTHLY;

        public String code() {
            return name().toLowerCase();
        }

        public static Interval of(String code) {
            for (Interval i : values()) {
                if (i.code().equals(code)) {
                    return i;
                }
            }
            throw ApiException.invalid("invalid_interval", "interval is manual, daily, weekly or monthly");
        }
    }

    /** A schedule as a seller asks for it, checked; the weekly default is Monday, the monthly one the 1st. */
    public static PayoutSchedule of(String sellerId, Interval interval, DayOfWeek weeklyAnchor, Integer monthlyAnchor,
            Instant now) {
        if (interval != Interval.WEEKLY && weeklyAnchor != null) {
            throw ApiException.invalid("invalid_anchor", "weekly_anchor is only for a weekly schedule");
        }
        if (interval != Interval.MONTHLY && monthlyAnchor != null) {
            throw ApiException.invalid("invalid_anchor", "monthly_anchor is only for a monthly schedule");
        }
        if (monthlyAnchor != null && (monthlyAnchor < 1 || monthlyAnchor > 31)) {
            throw ApiException.invalid("invalid_anchor", "monthly_anchor is a day of the month, 1 to 31");
        }
        DayOfWeek weekly = interval == Interval.WEEKLY && weeklyAnchor == null ? DayOfWeek.MONDAY : weeklyAnchor;
        Integer monthly = interval == Interval.MONTHLY && monthlyAnchor == null ? Integer.valueOf(1) : monthlyAnchor;
        PayoutSchedule schedule = new PayoutSchedule(sellerId, interval, weekly, monthly, null, null);
        return schedule.withNextRun(schedule.nextRunAfter(now), null);
    }

    /** The first run strictly after {@code t}, or null for a manual schedule. */
    public Instant nextRunAfter(Instant t) {
        LocalDate today = t.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate next = switch (interval) {
            case MANUAL -> null;
            case DAILY -> today.plusDays(1);
            case WEEKLY -> today.with(TemporalAdjusters.next(weeklyAnchor));
            case MONTHLY -> {
                LocalDate candidate = onAnchor(today);
                yield candidate.isAfter(today) ? candidate : onAnchor(today.plusMonths(1).withDayOfMonth(1));
            }
        };
        return next == null ? null : next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    PayoutSchedule withNextRun(Instant next, Instant last) {
        return new PayoutSchedule(sellerId, interval, weeklyAnchor, monthlyAnchor, next, last);
    }

    private LocalDate onAnchor(LocalDate inMonth) {
        return inMonth.withDayOfMonth(Math.min(monthlyAnchor, inMonth.lengthOfMonth()));
    }
}
