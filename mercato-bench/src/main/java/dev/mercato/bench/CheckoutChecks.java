package dev.mercato.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * After the checkout phases: every purchase the load generator counted is a paid order, every paid
 * order has exactly one {@code order.split} ledger transaction and a split recorded on each line
 * that adds up to the price, and — once the outbox has delivered {@code OrderPaid} (bounded wait) —
 * the seller's earnings are recorded for payouts. Read straight from the bench database.
 */
final class CheckoutChecks {

    private CheckoutChecks() {
    }

    /** Problems found, none when all is well; {@code say} receives a one-line summary. */
    static List<String> run(Connection c, long purchasesCounted, java.util.function.Consumer<String> say)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long undelivered = count(c, "SELECT count(*) FROM event_publication WHERE completion_date IS NULL");
        while (undelivered > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            undelivered = count(c, "SELECT count(*) FROM event_publication WHERE completion_date IS NULL");
        }
        long paid = count(c, "SELECT count(*) FROM orders WHERE status = 'paid'");
        long unpaid = count(c, "SELECT count(*) FROM orders WHERE status <> 'paid'");
        long splits = count(c, "SELECT count(*) FROM ledger_transactions WHERE type = 'order.split'");
        long paidWithoutOneSplit = count(c, """
                SELECT count(*) FROM orders o WHERE o.status = 'paid' AND (SELECT count(*) FROM ledger_transactions t
                WHERE t.reference = o.id AND t.type = 'order.split') <> 1""");
        long badLines = count(c, """
                SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status = 'paid'
                AND (l.seller_earnings IS NULL OR l.seller_earnings + l.platform_revenue + l.processor_fee <> l.price)""");
        long paidWithoutEarnings = count(c, """
                SELECT count(*) FROM orders o WHERE o.status = 'paid'
                AND NOT EXISTS (SELECT 1 FROM seller_earnings e WHERE e.order_id = o.id)""");
        say.accept(String.format("  checkout: %d purchases counted, %d orders paid (%d not paid), %d order.split transactions, "
                + "%d paid orders without exactly one split, %d paid lines without a whole split, %d paid orders without "
                + "seller earnings, %d events undelivered", purchasesCounted, paid, unpaid, splits, paidWithoutOneSplit,
                badLines, paidWithoutEarnings, undelivered));
        List<String> problems = new ArrayList<>();
        if (paid != purchasesCounted) {
            problems.add(paid + " orders paid but " + purchasesCounted + " purchases counted");
        }
        if (splits != paid || paidWithoutOneSplit > 0) {
            problems.add(paidWithoutOneSplit + " paid orders without exactly one split (" + splits + " splits for " + paid
                    + " paid orders)");
        }
        if (badLines > 0) {
            problems.add(badLines + " lines of paid orders whose split is missing or does not add up to the price");
        }
        if (undelivered > 0 || paidWithoutEarnings > 0) {
            problems.add(paidWithoutEarnings + " paid orders without seller earnings; " + undelivered
                    + " events still undelivered after 120 s");
        }
        return problems;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
