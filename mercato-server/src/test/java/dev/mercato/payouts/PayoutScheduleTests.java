package dev.mercato.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.platform.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When automatic payouts run: at 00:00 UTC, on the schedule's day, never twice for one day. */
class PayoutScheduleTests {

    private static final Instant WEDNESDAY_NOON = Instant.parse("2026-01-14T12:00:00Z");

    @Test
    void dailyRunsAtTheNextMidnightStrictlyAfterNow() {
        PayoutSchedule daily = PayoutSchedule.of("usr_1", PayoutSchedule.Interval.DAILY, null, null, WEDNESDAY_NOON);

        assertThat(daily.nextRunAt()).isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
        assertThat(daily.nextRunAfter(Instant.parse("2026-01-15T00:00:00Z"))).isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
    }

    @Test
    void weeklyRunsOnItsDayAndDefaultsToMonday() {
        PayoutSchedule friday = PayoutSchedule.of("usr_1", PayoutSchedule.Interval.WEEKLY, DayOfWeek.FRIDAY, null, WEDNESDAY_NOON);
        PayoutSchedule monday = PayoutSchedule.of("usr_1", PayoutSchedule.Interval.WEEKLY, null, null, WEDNESDAY_NOON);
        PayoutSchedule wednesday = PayoutSchedule.of("usr_1", PayoutSchedule.Interval.WEEKLY, DayOfWeek.WEDNESDAY, null,
                WEDNESDAY_NOON);

        assertThat(friday.nextRunAt()).isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
        assertThat(monday.nextRunAt()).isEqualTo(Instant.parse("2026-01-19T00:00:00Z"));
        assertThat(wednesday.nextRunAt()).as("today's run is past").isEqualTo(Instant.parse("2026-01-21T00:00:00Z"));
    }

    @Test
    void monthlyRunsOnItsDayOrTheMonthsLastWhenShorter() {
        PayoutSchedule on31st = PayoutSchedule.of("usr_1", PayoutSchedule.Interval.MONTHLY, null, 31,
                Instant.parse("2026-02-10T08:00:00Z"));
        PayoutSchedule on15th = PayoutSchedule.of("usr_1", PayoutSchedule.Interval.MONTHLY, null, 15,
                Instant.parse("2026-01-15T00:00:00Z"));
        PayoutSchedule firstByDefault = PayoutSchedule.of("usr_1", PayoutSchedule.Interval.MONTHLY, null, null, WEDNESDAY_NOON);

        assertThat(on31st.nextRunAt()).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(on31st.nextRunAfter(Instant.parse("2026-02-28T00:00:00Z"))).isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
        assertThat(on15th.nextRunAt()).isEqualTo(Instant.parse("2026-02-15T00:00:00Z"));
        assertThat(firstByDefault.nextRunAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void manualNeverRunsAndAnchorsMustFitTheInterval() {
        assertThat(PayoutSchedule.of("usr_1", PayoutSchedule.Interval.MANUAL, null, null, WEDNESDAY_NOON).nextRunAt()).isNull();
        assertThatThrownBy(() -> PayoutSchedule.of("usr_1", PayoutSchedule.Interval.DAILY, DayOfWeek.MONDAY, null, WEDNESDAY_NOON))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_anchor"));
        assertThatThrownBy(() -> PayoutSchedule.of("usr_1", PayoutSchedule.Interval.MONTHLY, null, 32, WEDNESDAY_NOON))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_anchor"));
        assertThatThrownBy(() -> PayoutSchedule.Interval.of("hourly"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_interval"));
    }
}
