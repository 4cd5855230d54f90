package dev.mercato.analytics;

import dev.mercato.platform.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A window of whole UTC days that ends now: {@code day} is today so far, {@code week} the last 7
 * days including today, {@code month} the last 30. Aligned to days so that they are sums of the
 * daily rollups, exact and cheap; a rolling "last 24 hours" is what the operator's live windows are for.
 */
public enum Window {
    DAY(1), WEEK(7), MONTH(30);

    private final int days;

    Window(int days) {
        this.days = days;
    }

    public int days() {
        return days;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first day in the window that contains {@code today}. */
    public LocalDate firstDay(LocalDate today) {
        return today.minusDays(days - 1L);
    }

    public Instant start(LocalDate today) {
        return firstDay(today).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Window of(String code) {
        if (code != null) {
            for (Window w : values()) {
                if (w.code().equals(code)) {
                    return w;
                }
            }
        }
        throw ApiException.invalid("invalid_window", "window is day, week or month");
    }

    static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
