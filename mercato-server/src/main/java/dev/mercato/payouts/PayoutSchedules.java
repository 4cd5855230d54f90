package dev.mercato.payouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PayoutSchedules {

    private final JdbcClient jdbc;

    PayoutSchedules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void save(PayoutSchedule s, Instant now) {
        jdbc.sql("""
                INSERT INTO payout_schedules (seller_id, interval, weekly_anchor, monthly_anchor, next_run_at, updated_at)
                VALUES (:seller, :interval, :weekly, :monthly, :next, :now)
                ON CONFLICT (seller_id) DO UPDATE SET interval = excluded.interval, weekly_anchor = excluded.weekly_anchor,
                    monthly_anchor = excluded.monthly_anchor, next_run_at = excluded.next_run_at, updated_at = excluded.updated_at""")
                .param("seller", s.sellerId()).param("interval", s.interval().code())
                .param("weekly", s.weeklyAnchor() == null ? null : s.weeklyAnchor().getValue())
                .param("monthly", s.monthlyAnchor()).param("next", timestamp(s.nextRunAt()))
                .param("now", Timestamp.from(now)).update();
    }

    Optional<PayoutSchedule> find(String sellerId) {
        return jdbc.sql("SELECT * FROM payout_schedules WHERE seller_id = :seller").param("seller", sellerId)
                .query(PayoutSchedules::map).optional();
    }

    /** Schedules due at {@code now}, each leased until {@code leaseUntil} so that one instance runs it. */
    List<PayoutSchedule> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                UPDATE payout_schedules SET next_run_at = :lease
                WHERE seller_id IN (SELECT seller_id FROM payout_schedules WHERE next_run_at <= :now
                                    ORDER BY next_run_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING *""")
                .param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseUntil)).param("limit", limit)
                .query(PayoutSchedules::map).list();
    }

    /** Records a run and the next one, unless the seller changed the schedule meanwhile. */
    void ran(PayoutSchedule leased, Instant at, Instant next) {
        jdbc.sql("""
                UPDATE payout_schedules SET last_run_at = :at, next_run_at = :next
                WHERE seller_id = :seller AND interval = :interval AND next_run_at = :leased""")
                .param("seller", leased.sellerId()).param("interval", leased.interval().code())
                .param("leased", Timestamp.from(leased.nextRunAt())).param("at", Timestamp.from(at))
                .param("next", timestamp(next)).update();
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static PayoutSchedule map(ResultSet rs, int n) throws SQLException {
        Timestamp next = rs.getTimestamp("next_run_at");
        Timestamp last = rs.getTimestamp("last_run_at");
        short weekly = rs.getShort("weekly_anchor");
        boolean noWeekly = rs.wasNull();
        short monthly = rs.getShort("monthly_anchor");
        boolean noMonthly = rs.wasNull();
        return new PayoutSchedule(rs.getString("seller_id"), PayoutSchedule.Interval.of(rs.getString("interval")),
                noWeekly ? null : DayOfWeek.of(weekly), noMonthly ? null : Integer.valueOf(monthly),
                next == null ? null : next.toInstant(), last == null ? null : last.toInstant());
    }
}
