package dev.mercato.payouts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each seller's earnings per order, and when they become available. */
@Repository
class SellerEarnings {

    record Earning(String orderId, String sellerId, String currency, long amount, Instant releaseAt) {
    }

    record Period(Instant start, String currency, long earned) {
    }

    private final JdbcClient jdbc;

    SellerEarnings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records an order's earnings once, to be released after the seller's hold period (its payout
     * account's {@code hold_days}, else {@code defaultHoldDays}) — read by the same statement, in
     * whole 24-hour days; a redelivered event changes nothing.
     */
    void record(String orderId, String sellerId, String currency, long amount, Instant earnedAt, int defaultHoldDays) {
        jdbc.sql("""
                INSERT INTO seller_earnings (order_id, seller_id, currency, amount, earned_at, release_at)
                SELECT :order, :seller, :currency, :amount, :earned, CAST(:earned AS timestamptz) + make_interval(hours => 24 * coalesce(
                    (SELECT hold_days FROM payout_accounts WHERE seller_id = :seller), :defaultDays))
                ON CONFLICT DO NOTHING""")
                .param("order", orderId).param("seller", sellerId).param("currency", currency).param("amount", amount)
                .param("earned", Timestamp.from(earnedAt)).param("defaultDays", defaultHoldDays)
                .update();
    }

    /**
     * Records earnings that are available at once (not from a sale: cash for redeemed reward
     * tokens), under their source's id in place of an order's; false when recorded before.
     */
    boolean recordReleased(String sourceId, String sellerId, String currency, long amount, Instant at) {
        return jdbc.sql("""
                INSERT INTO seller_earnings (order_id, seller_id, currency, amount, earned_at, release_at, released_at)
                VALUES (:source, :seller, :currency, :amount, :at, :at, :at) ON CONFLICT DO NOTHING""")
                .param("source", sourceId).param("seller", sellerId).param("currency", currency).param("amount", amount)
                .param("at", Timestamp.from(at)).update() == 1;
    }

    /** Earnings due for release (net of refunds), locked so that two instances never release the same ones. */
    List<Earning> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT order_id, seller_id, currency, amount - refunded, release_at FROM seller_earnings
                WHERE released_at IS NULL AND release_at <= :now ORDER BY release_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, n) -> new Earning(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** @param pending what of this order's earnings is still pending (earned minus taken back) */
    record State(boolean released, long pending) {
    }

    /** Locks the earning of a seller from an order, if the sale has reached payouts. */
    java.util.Optional<State> lock(String orderId, String sellerId) {
        return jdbc.sql("""
                SELECT released_at IS NOT NULL, amount - refunded FROM seller_earnings
                WHERE order_id = :order AND seller_id = :seller FOR UPDATE""")
                .param("order", orderId).param("seller", sellerId)
                .query((rs, n) -> new State(rs.getBoolean(1), rs.getLong(2))).optional();
    }

    void addRefunded(String orderId, String sellerId, long amount) {
        jdbc.sql("UPDATE seller_earnings SET refunded = refunded + :amount WHERE order_id = :order AND seller_id = :seller")
                .param("order", orderId).param("seller", sellerId).param("amount", amount).update();
    }

    void markReleased(Earning e, Instant at) {
        jdbc.sql("UPDATE seller_earnings SET released_at = :at WHERE order_id = :order AND seller_id = :seller")
                .param("order", e.orderId()).param("seller", e.sellerId()).param("at", Timestamp.from(at)).update();
    }

    /** Earnings per period ({@code day}, {@code week} or {@code month}), newest first. */
    List<Period> byPeriod(String sellerId, String period, int limit) {
        return jdbc.sql("""
                SELECT date_trunc(:period, earned_at, 'UTC') AS start, currency, sum(amount) AS earned
                FROM seller_earnings WHERE seller_id = :seller
                GROUP BY 1, 2 ORDER BY 1 DESC, 2 LIMIT :limit""")
                .param("period", period).param("seller", sellerId).param("limit", limit)
                .query((rs, n) -> new Period(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getLong(3)))
                .list();
    }

    List<String> currencies(String sellerId) {
        return jdbc.sql("SELECT DISTINCT currency FROM seller_earnings WHERE seller_id = :seller ORDER BY 1")
                .param("seller", sellerId).query(String.class).list();
    }

    long total(String sellerId, String currency) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM seller_earnings WHERE seller_id = :seller AND currency = :currency")
                .param("seller", sellerId).param("currency", currency).query(Long.class).single();
    }
}
