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
class Invoices {

    private static final String COLUMNS = """
            id, number, user_id, subscription_id, status, currency, subtotal, discount, tax, tax_rate_percent, total,
            credit_applied, amount_due,
            amount_paid, period_start, period_end, payment_id, ledger_txn_id, created_at, finalized_at, paid_at, voided_at,
            marked_uncollectible_at""";

    private final JdbcClient jdbc;

    Invoices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The year's next invoice number. The counter row stays locked until the caller's transaction
     * ends, so concurrent issuers queue, and a rollback gives the number back: no gaps.
     */
    long nextNumber(int year) {
        return jdbc.sql("""
                INSERT INTO billing_invoice_numbers (year, last_number) VALUES (:year, 1)
                ON CONFLICT (year) DO UPDATE SET last_number = billing_invoice_numbers.last_number + 1
                RETURNING last_number""").param("year", year).query(Long.class).single();
    }

    void insert(Invoice i) {
        jdbc.sql("INSERT INTO billing_invoices (" + COLUMNS + ") VALUES (:id, :number, :user, :sub, :status, :currency,"
                        + " :subtotal, :discount, :tax, :rate, :total, :credit, :due, :paid, :start, :end, :payment, :txn, :created, :finalized,"
                        + " :paidAt, :voided, :uncollectible)")
                .param("id", i.id()).param("user", i.userId()).param("sub", i.subscriptionId())
                .param("currency", i.currency()).param("subtotal", i.subtotal()).param("discount", i.discount()).param("tax", i.tax())
                .param("rate", i.taxRatePercent())
                .param("total", i.total()).param("start", ts(i.periodStart())).param("end", ts(i.periodEnd()))
                .param("created", ts(i.createdAt())).params(state(i)).update();
        int position = 0;
        for (Invoice.Line line : i.lines()) {
            jdbc.sql("""
                    INSERT INTO billing_invoice_lines (invoice_id, position, kind, description, amount, ledger_txn_id)
                    VALUES (:id, :position, :kind, :description, :amount, :txn)""")
                    .param("id", i.id()).param("position", ++position).param("kind", line.kind())
                    .param("description", line.description()).param("amount", line.amount())
                    .param("txn", line.ledgerTxnId()).update();
        }
    }

    /** Writes what changes after an invoice is created: its status, number, payment and their times. */
    void update(Invoice i) {
        jdbc.sql("""
                UPDATE billing_invoices SET number = :number, status = :status, credit_applied = :credit, amount_due = :due,
                       amount_paid = :paid, payment_id = :payment, ledger_txn_id = :txn, finalized_at = :finalized,
                       paid_at = :paidAt, voided_at = :voided, marked_uncollectible_at = :uncollectible
                WHERE id = :id""").param("id", i.id()).params(state(i)).update();
        jdbc.sql("UPDATE billing_invoice_lines SET ledger_txn_id = :txn WHERE invoice_id = :id AND ledger_txn_id IS NULL")
                .param("txn", i.ledgerTxnId()).param("id", i.id()).update();
    }

    private static java.util.Map<String, Object> state(Invoice i) {
        var m = new java.util.HashMap<String, Object>();
        m.put("number", i.number());
        m.put("status", i.status().code());
        m.put("credit", i.creditApplied());
        m.put("due", i.amountDue());
        m.put("paid", i.amountPaid());
        m.put("payment", i.paymentId());
        m.put("txn", i.ledgerTxnId());
        m.put("finalized", ts(i.finalizedAt()));
        m.put("paidAt", ts(i.paidAt()));
        m.put("voided", ts(i.voidedAt()));
        m.put("uncollectible", ts(i.markedUncollectibleAt()));
        return m;
    }

    Optional<Invoice> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_invoices WHERE id = :id").param("id", id)
                .query(this::map).optional();
    }

    Optional<Invoice> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_invoices WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::map).optional();
    }

    Optional<Invoice> open(String subscriptionId, Instant periodStart) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_invoices WHERE subscription_id = :sub AND period_start = :start"
                        + " AND status = 'open'")
                .param("sub", subscriptionId).param("start", ts(periodStart)).query(this::map).optional();
    }

    Optional<Invoice> lockOpen(String subscriptionId, Instant periodStart) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_invoices WHERE subscription_id = :sub AND period_start = :start"
                        + " AND status = 'open' FOR UPDATE")
                .param("sub", subscriptionId).param("start", ts(periodStart)).query(this::map).optional();
    }

    /** True when the period already has an invoice that is open or was voided or given up. */
    boolean invoicedUnpaid(String subscriptionId, Instant periodStart) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM billing_invoices WHERE subscription_id = :sub AND period_start = :start
                               AND status IN ('open', 'void', 'uncollectible'))""")
                .param("sub", subscriptionId).param("start", ts(periodStart)).query(Boolean.class).single();
    }

    List<Invoice> ofUser(String userId, String startingAfter, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_invoices WHERE user_id = :user"
                        + " AND (CAST(:after AS TEXT) IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit")
                .param("user", userId).param("after", startingAfter).param("limit", limit).query(this::map).list();
    }

    private List<Invoice.Line> lines(String invoiceId) {
        return jdbc.sql("SELECT kind, description, amount, ledger_txn_id FROM billing_invoice_lines WHERE invoice_id = :id"
                        + " ORDER BY position")
                .param("id", invoiceId).query((rs, row) -> new Invoice.Line(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4))).list();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private Invoice map(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        return new Invoice(id, rs.getString("number"), rs.getString("user_id"), rs.getString("subscription_id"),
                InvoiceStatus.of(rs.getString("status")), rs.getString("currency"), rs.getLong("subtotal"),
                rs.getLong("discount"), rs.getLong("tax"), Bill.plain(rs.getBigDecimal("tax_rate_percent")),
                rs.getLong("total"), rs.getLong("credit_applied"), rs.getLong("amount_due"), rs.getLong("amount_paid"),
                instant(rs, "period_start"), instant(rs, "period_end"), rs.getString("payment_id"),
                rs.getString("ledger_txn_id"), instant(rs, "created_at"), instant(rs, "finalized_at"),
                instant(rs, "paid_at"), instant(rs, "voided_at"), instant(rs, "marked_uncollectible_at"), lines(id));
    }
}
