package dev.mercato.orders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Sales figures per period and optional group (category or seller), from paid order lines and
 * succeeded refunds. Amounts are those the ledger posted for each line, so the report and the
 * ledger agree.
 */
@Service
public class SalesReport {

    /** One row: a period, a group ({@code all}, a category id or a seller id), a currency. */
    public record Row(Instant periodStart, String group, String currency, long orders, long gmv, long commissions,
            long processorFees, long sellerEarnings, long refunds, long refundedCommissions) {
    }

    private final JdbcClient jdbc;

    SalesReport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param period  {@code day}, {@code week} or {@code month}
     * @param groupBy {@code none}, {@code category} or {@code seller}
     */
    public List<Row> rows(String period, String groupBy, Instant from, Instant to) {
        String group = switch (groupBy) {
            case "category" -> "coalesce(l.category_id, 'none')";
            case "seller" -> "l.seller_id";
            default -> "'all'";
        };
        return jdbc.sql("""
                WITH sales AS (
                  SELECT date_trunc(:period, o.paid_at, 'UTC') AS start, %1$s AS grp, o.currency,
                         count(DISTINCT o.id) AS orders, sum(l.price) AS gmv, sum(l.commission) AS commissions,
                         sum(coalesce(l.processor_fee, 0)) AS fees, sum(coalesce(l.seller_earnings, 0)) AS earnings
                  FROM orders o JOIN order_lines l ON l.order_id = o.id
                  WHERE o.paid_at >= :from AND o.paid_at < :to
                  GROUP BY 1, 2, 3),
                refunded AS (
                  SELECT date_trunc(:period, r.created_at, 'UTC') AS start, %1$s AS grp, o.currency,
                         sum(p.amount) AS refunds, sum(p.platform) AS refunded_commissions
                  FROM refunds r JOIN orders o ON o.id = r.order_id
                  CROSS JOIN LATERAL jsonb_to_recordset(r.lines) AS p(line int, amount bigint, platform bigint)
                  JOIN order_lines l ON l.order_id = r.order_id AND l.line = p.line
                  WHERE r.status = 'succeeded' AND r.created_at >= :from AND r.created_at < :to
                  GROUP BY 1, 2, 3)
                SELECT coalesce(s.start, f.start) AS start, coalesce(s.grp, f.grp) AS grp, coalesce(s.currency, f.currency) AS currency,
                       coalesce(s.orders, 0), coalesce(s.gmv, 0), coalesce(s.commissions, 0), coalesce(s.fees, 0),
                       coalesce(s.earnings, 0), coalesce(f.refunds, 0), coalesce(f.refunded_commissions, 0)
                FROM sales s FULL JOIN refunded f ON f.start = s.start AND f.grp = s.grp AND f.currency = s.currency
                ORDER BY 1 DESC, 2, 3""".formatted(group))
                .param("period", period).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new Row(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)))
                .list();
    }
}
