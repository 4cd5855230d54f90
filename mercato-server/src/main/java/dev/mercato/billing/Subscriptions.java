package dev.mercato.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Subscriptions {

    private static final String COLUMNS = """
            id, user_id, plan_id, currency, billing_interval, price, status, payment_method, billing_anchor,
            current_period_start, current_period_end, trial_end, cancel_at_period_end, canceled_at, ended_at, paused_at,
            failed_payments, failure_code, version, created_at, updated_at""";

    private final JdbcClient jdbc;

    Subscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Subscription s) {
        jdbc.sql("INSERT INTO billing_subscriptions (" + COLUMNS + ") VALUES (:id, :userId, :planId, :currency, :interval,"
                        + " :price, :status, :paymentMethod, :anchor, :start, :end, :trialEnd, :cancelAtPeriodEnd, :canceledAt,"
                        + " :endedAt, :pausedAt, :failedPayments, :failureCode, :version, :createdAt, :updatedAt)")
                .param("id", s.id()).param("userId", s.userId()).param("createdAt", ts(s.createdAt()))
                .params(fields(s)).update();
    }

    /** Writes the subscription's new state; the caller holds its row lock and has bumped its version. */
    void update(Subscription s) {
        jdbc.sql("""
                UPDATE billing_subscriptions SET plan_id = :planId, currency = :currency, billing_interval = :interval, price = :price,
                       status = :status, payment_method = :paymentMethod, billing_anchor = :anchor,
                       current_period_start = :start, current_period_end = :end, trial_end = :trialEnd,
                       cancel_at_period_end = :cancelAtPeriodEnd, canceled_at = :canceledAt, ended_at = :endedAt,
                       paused_at = :pausedAt, failed_payments = :failedPayments, failure_code = :failureCode,
                       version = :version, updated_at = :updatedAt
                WHERE id = :id""").param("id", s.id()).params(fields(s)).update();
    }

    private static java.util.Map<String, Object> fields(Subscription s) {
        var m = new java.util.HashMap<String, Object>();
        m.put("planId", s.planId());
        m.put("currency", s.currency());
        m.put("interval", s.interval().code());
        m.put("price", s.price());
        m.put("status", s.status().code());
        m.put("paymentMethod", s.paymentMethod());
        m.put("anchor", ts(s.billingAnchor()));
        m.put("start", ts(s.currentPeriodStart()));
        m.put("end", ts(s.currentPeriodEnd()));
        m.put("trialEnd", ts(s.trialEnd()));
        m.put("cancelAtPeriodEnd", s.cancelAtPeriodEnd());
        m.put("canceledAt", ts(s.canceledAt()));
        m.put("endedAt", ts(s.endedAt()));
        m.put("pausedAt", ts(s.pausedAt()));
        m.put("failedPayments", s.failedPayments());
        m.put("failureCode", s.failureCode());
        m.put("version", s.version());
        m.put("updatedAt", ts(s.updatedAt()));
        return m;
    }

    Optional<Subscription> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_subscriptions WHERE id = :id").param("id", id)
                .query(this::map).optional();
    }

    Optional<Subscription> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_subscriptions WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::map).optional();
    }

    /** The user's subscription that is not canceled, if any. */
    Optional<Subscription> live(String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_subscriptions WHERE user_id = :userId AND status <> 'canceled'")
                .param("userId", userId).query(this::map).optional();
    }

    List<Subscription> ofUser(String userId, String startingAfter, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_subscriptions WHERE user_id = :userId"
                        + " AND (CAST(:after AS TEXT) IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit")
                .param("userId", userId).param("after", startingAfter).param("limit", limit).query(this::map).list();
    }

    /** Trialing and active subscriptions whose period has ended, oldest first. */
    List<String> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM billing_subscriptions
                WHERE status IN ('trialing', 'active') AND current_period_end <= :now
                ORDER BY current_period_end, id LIMIT :limit""")
                .param("now", ts(now)).param("limit", limit).query(String.class).list();
    }

    void recordCharge(String id, Subscription s, String kind, long amount, long creditApplied, long paidByCard, long fee,
            String paymentId, String ledgerTxnId, Instant at) {
        jdbc.sql("""
                INSERT INTO billing_charges (id, subscription_id, user_id, kind, plan_id, currency, amount, credit_applied,
                       paid_by_card, processor_fee, payment_id, ledger_txn_id, period_start, period_end, created_at)
                VALUES (:id, :sub, :user, :kind, :plan, :currency, :amount, :credit, :card, :fee, :payment, :txn, :start,
                       :end, :at)""")
                .param("id", id).param("sub", s.id()).param("user", s.userId()).param("kind", kind)
                .param("plan", s.planId()).param("currency", s.currency()).param("amount", amount)
                .param("credit", creditApplied).param("card", paidByCard).param("fee", fee).param("payment", paymentId)
                .param("txn", ledgerTxnId).param("start", ts(s.currentPeriodStart())).param("end", ts(s.currentPeriodEnd()))
                .param("at", ts(at)).update();
    }

    /** True when a charge paid by this payment was recorded (by whichever request got there first). */
    boolean charged(String paymentId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM billing_charges WHERE payment_id = :payment)")
                .param("payment", paymentId).query(Boolean.class).single();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getString("id"), rs.getString("user_id"), rs.getString("plan_id"),
                rs.getString("currency"), BillingInterval.of(rs.getString("billing_interval")), rs.getLong("price"),
                SubscriptionStatus.of(rs.getString("status")), rs.getString("payment_method"),
                instant(rs, "billing_anchor"), instant(rs, "current_period_start"), instant(rs, "current_period_end"),
                instant(rs, "trial_end"), rs.getBoolean("cancel_at_period_end"), instant(rs, "canceled_at"),
                instant(rs, "ended_at"), instant(rs, "paused_at"), rs.getInt("failed_payments"),
                rs.getString("failure_code"), rs.getInt("version"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
