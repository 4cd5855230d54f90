package dev.mercato.billing;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Coupons and their redemptions ({@code billing_coupons}, {@code billing_coupon_redemptions}). */
@Repository
class Coupons {

    /** A subscription's coupon: how many period invoices it still discounts (null: all) and the period it last did. */
    record Redemption(Coupon coupon, String userId, String subscriptionId, Integer periodsLeft, Instant lastPeriodStart,
            int invoices, long discounted, Instant redeemedAt) {
    }

    private static final String COLUMNS = """
            code, name, percent_off, amount_off, currency, duration, duration_periods, max_redemptions, times_redeemed,
            redeem_by, plan_ids, created_at""";

    private final JdbcClient jdbc;

    Coupons(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the code is taken */
    boolean insert(Coupon c) {
        return jdbc.sql("INSERT INTO billing_coupons (" + COLUMNS + ") VALUES (:code, :name, :percent, :amount, :currency,"
                        + " :duration, :periods, :max, 0, :redeemBy, CAST(:plans AS text[]), :at) ON CONFLICT (code) DO NOTHING")
                .param("code", c.code()).param("name", c.name()).param("percent", c.percentOff())
                .param("amount", c.amountOff()).param("currency", c.currency()).param("duration", c.duration())
                .param("periods", c.durationPeriods()).param("max", c.maxRedemptions()).param("redeemBy", ts(c.redeemBy()))
                .param("plans", c.planIds() == null ? null : c.planIds().toArray(String[]::new))
                .param("at", ts(c.createdAt())).update() == 1;
    }

    Optional<Coupon> find(String code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_coupons WHERE code = :code").param("code", code)
                .query(Coupons::coupon).optional();
    }

    /**
     * Coupons by code after {@code startingAfter}; {@code planId}: only those usable on it;
     * {@code redeemable}: only those (not) redeemable at {@code now}.
     */
    List<Coupon> list(String planId, Boolean redeemable, Instant now, String startingAfter, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_coupons WHERE (CAST(:after AS TEXT) IS NULL OR code > :after)"
                        + " AND (CAST(:plan AS TEXT) IS NULL OR plan_ids IS NULL OR :plan = ANY(plan_ids))"
                        + " AND (CAST(:redeemable AS BOOLEAN) IS NULL OR :redeemable = ((max_redemptions IS NULL"
                        + " OR times_redeemed < max_redemptions) AND (redeem_by IS NULL OR redeem_by > :now)))"
                        + " ORDER BY code LIMIT :limit")
                .param("after", startingAfter).param("plan", planId).param("redeemable", redeemable)
                .param("now", ts(now)).param("limit", limit).query(Coupons::coupon).list();
    }

    /**
     * Counts one more redemption if the coupon has one left and has not expired, in one statement:
     * concurrent redemptions queue on the row and each sees the count the previous one left.
     */
    boolean claim(String code, Instant now) {
        return jdbc.sql("""
                UPDATE billing_coupons SET times_redeemed = times_redeemed + 1
                WHERE code = :code AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)
                  AND (redeem_by IS NULL OR redeem_by > :now)""").param("code", code).param("now", ts(now)).update() == 1;
    }

    /** @return false when this customer has redeemed the coupon before */
    boolean insertRedemption(Coupon c, String userId, String subscriptionId, Instant now) {
        return jdbc.sql("""
                INSERT INTO billing_coupon_redemptions (coupon_code, user_id, subscription_id, periods_left, redeemed_at)
                VALUES (:code, :user, :sub, :periods, :now) ON CONFLICT (coupon_code, user_id) DO NOTHING""")
                .param("code", c.code()).param("user", userId).param("sub", subscriptionId).param("periods", c.periods())
                .param("now", ts(now)).update() == 1;
    }

    boolean redeemed(String code, String userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM billing_coupon_redemptions WHERE coupon_code = :code AND user_id = :user)")
                .param("code", code).param("user", userId).query(Boolean.class).single();
    }

    /** Ends the subscription's coupon (a newer one replaces it). */
    void endActive(String subscriptionId, Instant now) {
        jdbc.sql("UPDATE billing_coupon_redemptions SET ended_at = :now WHERE subscription_id = :sub AND ended_at IS NULL")
                .param("now", ts(now)).param("sub", subscriptionId).update();
    }

    Optional<Redemption> active(String subscriptionId) {
        return jdbc.sql("SELECT r.user_id, r.subscription_id, r.periods_left, r.last_period_start, r.invoices, r.discounted,"
                        + " r.redeemed_at, " + COLUMNS.replaceAll("(\\w+)", "c.$1")
                        + " FROM billing_coupon_redemptions r JOIN billing_coupons c ON c.code = r.coupon_code"
                        + " WHERE r.subscription_id = :sub AND r.ended_at IS NULL")
                .param("sub", subscriptionId).query((rs, n) -> new Redemption(coupon(rs, n), rs.getString("user_id"),
                        rs.getString("subscription_id"), (Integer) rs.getObject("periods_left"),
                        instant(rs, "last_period_start"), rs.getInt("invoices"), rs.getLong("discounted"),
                        instant(rs, "redeemed_at")))
                .optional();
    }

    /**
     * Uses up one period of the subscription's coupon for the invoice of the period starting at
     * {@code periodStart}; false when it has none left (or was replaced) since the invoice was priced.
     */
    boolean usePeriod(String subscriptionId, String code, Instant periodStart, long amount) {
        return jdbc.sql("""
                UPDATE billing_coupon_redemptions SET periods_left = periods_left - 1, last_period_start = :start,
                       invoices = invoices + 1, discounted = discounted + :amount
                WHERE subscription_id = :sub AND coupon_code = :code AND ended_at IS NULL
                  AND (periods_left IS NULL OR periods_left > 0)""")
                .param("start", ts(periodStart)).param("amount", amount).param("sub", subscriptionId).param("code", code)
                .update() == 1;
    }

    private static Coupon coupon(ResultSet rs, int row) throws SQLException {
        Array plans = rs.getArray("plan_ids");
        return new Coupon(rs.getString("code"), rs.getString("name"), (Integer) rs.getObject("percent_off"),
                (Long) rs.getObject("amount_off"), rs.getString("currency"), rs.getString("duration"),
                (Integer) rs.getObject("duration_periods"), (Integer) rs.getObject("max_redemptions"),
                rs.getInt("times_redeemed"), instant(rs, "redeem_by"),
                plans == null ? null : List.of((String[]) plans.getArray()), instant(rs, "created_at"));
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
