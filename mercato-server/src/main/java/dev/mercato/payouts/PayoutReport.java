package dev.mercato.payouts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Payouts paid per period and optional seller. */
@Service
public class PayoutReport {

    public record Row(Instant periodStart, String group, String currency, long paidOut) {
    }

    private final JdbcClient jdbc;

    PayoutReport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Row> rows(String period, boolean bySeller, Instant from, Instant to) {
        return jdbc.sql("""
                SELECT date_trunc(:period, paid_at, 'UTC'), %s, currency, sum(amount) FROM payouts
                WHERE status = 'paid' AND paid_at >= :from AND paid_at < :to GROUP BY 1, 2, 3""".formatted(bySeller ? "seller_id" : "'all'"))
                .param("period", period).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new Row(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list();
    }
}
