package dev.mercato.rewards;

import dev.mercato.platform.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** A leaderboard's period, in UTC: the key of the one containing an instant names its rows in reward_board. */
public enum BoardPeriod {
    DAILY, WEEKLY, MONTHLY, ALL_TIME;

    /** The key of this period containing {@code at}: {@code day:2026-11-21}, {@code week:2026-11-16} (its Monday), {@code month:2026-11}, {@code all}. */
    public String keyAt(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (this) {
            case DAILY -> "day:" + day;
            case WEEKLY -> "week:" + day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> "month:" + day.toString().substring(0, 7);
            case ALL_TIME -> "all";
        };
    }

    /** Parses {@code daily}, {@code weekly}, {@code monthly}, {@code all_time} (or {@code all-time}); absent is all time. */
    public static BoardPeriod parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL_TIME;
        }
        return switch (value.toLowerCase().replace('-', '_')) {
            case "daily" -> DAILY;
            case "weekly" -> WEEKLY;
            case "monthly" -> MONTHLY;
            case "all_time" -> ALL_TIME;
            default -> throw ApiException.invalid("invalid_period", "period is daily, weekly, monthly or all_time");
        };
    }

    public String wire() {
        return name().toLowerCase();
    }
}
