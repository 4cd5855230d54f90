package dev.mercato.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What billing did about a subscription's card payment after it was made: the processor's
 * confirmation ({@code billing_payment_confirmations}), a capture whose change never committed
 * ({@code billing_unrecorded_payments}), money that left again after it was recorded
 * ({@code billing_payment_reversals}), and how far the janitor has looked ({@code billing_payment_sweeps}).
 */
@Repository
class PaymentFollowUps {

    /** The charge a payment paid, as {@code billing_charges} recorded it. */
    record Charge(String subscriptionId, String userId, String kind, String planId, String currency, long amount,
            long paidByCard, Instant periodStart, Instant periodEnd) {

        /** True for a charge that paid a whole period (not a proration): its reversal leaves that period unpaid. */
        boolean paidAPeriod() {
            return kind.equals("start") || kind.equals("renewal") || kind.equals("resume");
        }
    }

    record Invoiced(String id, String number) {
    }

    /** Where the janitor's walk through captured payments stands. */
    record Cursor(Instant afterUpdatedAt, String afterId) {

        static final Cursor START = new Cursor(Instant.EPOCH, "");
    }

    private final JdbcClient jdbc;

    PaymentFollowUps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Charge> chargeOf(String paymentId) {
        return jdbc.sql("""
                SELECT subscription_id, user_id, kind, plan_id, currency, amount, paid_by_card, period_start, period_end
                FROM billing_charges WHERE payment_id = :payment ORDER BY created_at, id LIMIT 1""")
                .param("payment", paymentId)
                .query((rs, row) -> new Charge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9).toInstant()))
                .optional();
    }

    Optional<Invoiced> invoiceOf(String paymentId) {
        return jdbc.sql("SELECT id, number FROM billing_invoices WHERE payment_id = :payment ORDER BY created_at LIMIT 1")
                .param("payment", paymentId).query((rs, row) -> new Invoiced(rs.getString(1), rs.getString(2))).optional();
    }

    /** True the first time a payment is confirmed. */
    boolean confirm(String paymentId, String subscriptionId, Instant at) {
        return jdbc.sql("""
                INSERT INTO billing_payment_confirmations (payment_id, subscription_id, confirmed_at)
                VALUES (:payment, :sub, :at) ON CONFLICT DO NOTHING""")
                .param("payment", paymentId).param("sub", subscriptionId).param("at", Timestamp.from(at)).update() == 1;
    }

    /** What became of an unrecorded capture: {@code recorded}, {@code refunding} or {@code refunded}; empty if unseen. */
    Optional<String> unrecordedOutcome(String paymentId) {
        return jdbc.sql("SELECT outcome FROM billing_unrecorded_payments WHERE payment_id = :payment")
                .param("payment", paymentId).query(String.class).optional();
    }

    /** Claims an unrecorded capture for {@code outcome}; false when it was already claimed. */
    boolean claimUnrecorded(String paymentId, String subscriptionId, String key, long amount, String currency, String outcome,
            Instant at) {
        return jdbc.sql("""
                INSERT INTO billing_unrecorded_payments (payment_id, subscription_id, idempotency_key, amount, currency,
                       outcome, found_at, resolved_at)
                VALUES (:payment, :sub, :key, :amount, :currency, :outcome, :at,
                        CASE WHEN :outcome = 'refunding' THEN NULL ELSE CAST(:at AS TIMESTAMPTZ) END)
                ON CONFLICT DO NOTHING""")
                .param("payment", paymentId).param("sub", subscriptionId).param("key", key).param("amount", amount)
                .param("currency", currency).param("outcome", outcome).param("at", Timestamp.from(at)).update() == 1;
    }

    void refunded(String paymentId, Instant at) {
        jdbc.sql("UPDATE billing_unrecorded_payments SET outcome = 'refunded', resolved_at = :at WHERE payment_id = :payment")
                .param("payment", paymentId).param("at", Timestamp.from(at)).update();
    }

    /** How much of a payment's card part was already reversed. */
    long reversed(String paymentId) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM billing_payment_reversals WHERE payment_id = :payment")
                .param("payment", paymentId).query(Long.class).single();
    }

    boolean reversalExists(String paymentId, String source) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM billing_payment_reversals WHERE payment_id = :payment AND source = :source)")
                .param("payment", paymentId).param("source", source).query(Boolean.class).single();
    }

    void reversal(String paymentId, String source, Charge charge, long amount, String reason, String ledgerTxnId,
            boolean dunningStarted, Instant at) {
        jdbc.sql("""
                INSERT INTO billing_payment_reversals (payment_id, source, subscription_id, amount, currency, reason,
                       ledger_txn_id, dunning_started, created_at)
                VALUES (:payment, :source, :sub, :amount, :currency, :reason, :txn, :dunning, :at)""")
                .param("payment", paymentId).param("source", source).param("sub", charge.subscriptionId())
                .param("amount", amount).param("currency", charge.currency()).param("reason", reason)
                .param("txn", ledgerTxnId).param("dunning", dunningStarted).param("at", Timestamp.from(at)).update();
    }

    Cursor cursor(String name) {
        return jdbc.sql("SELECT after_updated_at, after_id FROM billing_payment_sweeps WHERE name = :name").param("name", name)
                .query((rs, row) -> new Cursor(rs.getTimestamp(1).toInstant(), rs.getString(2))).optional()
                .orElse(Cursor.START);
    }

    void advance(String name, Cursor to) {
        jdbc.sql("""
                INSERT INTO billing_payment_sweeps (name, after_updated_at, after_id) VALUES (:name, :at, :id)
                ON CONFLICT (name) DO UPDATE SET after_updated_at = EXCLUDED.after_updated_at, after_id = EXCLUDED.after_id""")
                .param("name", name).param("at", Timestamp.from(to.afterUpdatedAt())).param("id", to.afterId()).update();
    }
}
