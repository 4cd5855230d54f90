package dev.mercato.payouts.web;

import dev.mercato.payouts.PayoutSchedule;
import dev.mercato.payouts.ScheduledPayouts;
import dev.mercato.platform.Caller;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A seller's automatic payouts: manual (the default), daily, weekly or monthly. */
@RestController
class PayoutScheduleController {

    private final ScheduledPayouts scheduled;

    PayoutScheduleController(ScheduledPayouts scheduled) {
        this.scheduled = scheduled;
    }

    record SetSchedule(String interval, String weeklyAnchor, Integer monthlyAnchor) {
    }

    record ScheduleView(String object, String sellerId, String interval, String weeklyAnchor, Integer monthlyAnchor,
            Instant nextRunAt, Instant lastRunAt) {

        static ScheduleView of(PayoutSchedule s) {
            return new ScheduleView("payout_schedule", s.sellerId(), s.interval().code(),
                    s.weeklyAnchor() == null ? null : s.weeklyAnchor().name().toLowerCase(), s.monthlyAnchor(),
                    s.nextRunAt(), s.lastRunAt());
        }
    }

    @GetMapping("/v1/sellers/me/payout-schedule")
    ScheduleView get(Caller caller) {
        return ScheduleView.of(scheduled.of(caller.userId()));
    }

    @PutMapping("/v1/sellers/me/payout-schedule")
    ScheduleView set(Caller caller, @RequestBody SetSchedule body) {
        return ScheduleView.of(scheduled.set(caller.userId(), body.interval(), body.weeklyAnchor(), body.monthlyAnchor()));
    }
}
