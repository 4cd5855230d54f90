package dev.mercato.payouts;

import dev.mercato.ledger.Accounts;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Automatic payouts. A seller picks a schedule; when it is due, a job pays out everything
 * available in each currency that reaches the minimum, through the same path as a requested
 * payout — so it spends only the available balance and can never pay the same money twice. The
 * job runs once per interval across the cluster ({@link PayoutJobs}); each due schedule is still
 * leased before it runs, so a direct {@link #runDue()} call beside the scheduled run cannot take
 * the same schedule, and a schedule whose run was cut short by a crash runs again when its lease
 * ends (sooner than the scheduler revives a dead execution), finding only what is still available.
 */
@Service
public class ScheduledPayouts {

    private static final Logger log = LoggerFactory.getLogger(ScheduledPayouts.class);
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final int BATCH = 100;

    private final PayoutSchedules schedules;
    private final PayoutManagement payouts;
    private final SellerEarnings earnings;
    private final EarningsRelease release;
    private final Accounts accounts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AuditLog audit;

    ScheduledPayouts(PayoutSchedules schedules, PayoutManagement payouts, SellerEarnings earnings,
            EarningsRelease release, Accounts accounts, TransactionTemplate transactions, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.schedules = schedules;
        this.payouts = payouts;
        this.earnings = earnings;
        this.release = release;
        this.accounts = accounts;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Sets (or replaces) a seller's schedule; the next run is computed from now. */
    public PayoutSchedule set(String sellerId, String interval, String weeklyAnchor, Integer monthlyAnchor) {
        if (interval == null) {
            throw ApiException.invalid("invalid_interval", "interval is manual, daily, weekly or monthly");
        }
        DayOfWeek weekly = null;
        if (weeklyAnchor != null) {
            try {
                weekly = DayOfWeek.valueOf(weeklyAnchor.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("invalid_anchor", "weekly_anchor is a day of the week, such as monday");
            }
        }
        Instant now = clock.instant();
        PayoutSchedule schedule = PayoutSchedule.of(sellerId, PayoutSchedule.Interval.of(interval), weekly, monthlyAnchor, now);
        return transactions.execute(status -> audit.changing("payout_schedule", sellerId,
                () -> schedules.find(sellerId).orElse(null), () -> {
                    schedules.save(schedule, now);
                    return schedules.find(sellerId).orElseThrow();
                }));
    }

    /** The seller's schedule; manual when none was set. */
    public PayoutSchedule of(String sellerId) {
        return schedules.find(sellerId)
                .orElse(new PayoutSchedule(sellerId, PayoutSchedule.Interval.MANUAL, null, null, null, null));
    }

    /** Runs every schedule that is due; returns the payouts made. */
    public List<Payout> runDue() {
        List<Payout> made = new ArrayList<>();
        List<PayoutSchedule> due;
        do {
            Instant now = clock.instant();
            due = transactions.execute(status -> schedules.claimDue(now, now.plus(LEASE), BATCH));
            for (PayoutSchedule schedule : due) {
                made.addAll(run(schedule.sellerId()));
                Instant after = clock.instant();
                transactions.executeWithoutResult(status -> schedules.ran(schedule, after, schedule.nextRunAfter(after)));
            }
        } while (due.size() == BATCH);
        return made;
    }

    private List<Payout> run(String sellerId) {
        List<Payout> made = new ArrayList<>();
        for (String currency : earnings.currencies(sellerId)) {
            long available = accounts.balance(release.available(sellerId, currency)).available();
            if (available < payouts.minimum()) {
                continue;
            }
            try {
                made.add(payouts.request(sellerId, null, currency, Payout.Origin.SCHEDULE));
            } catch (ApiException skipped) {
                // Not ready, or a payout or refund took the money first: the next run tries again.
                log.info("scheduled payout for seller {} in {} skipped: {}", sellerId, currency, skipped.getMessage());
            }
        }
        return made;
    }
}
