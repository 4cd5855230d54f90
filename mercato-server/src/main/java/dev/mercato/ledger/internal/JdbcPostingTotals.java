package dev.mercato.ledger.internal;

import dev.mercato.ledger.PostingTotals;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
class JdbcPostingTotals implements PostingTotals {

    private final JdbcClient jdbc;

    JdbcPostingTotals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Row> byPeriod(Collection<Of> accounts, Collection<String> transactionTypes, String period, Instant from,
            Instant to) {
        if (accounts.isEmpty() || transactionTypes.isEmpty()) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (Of account : accounts) {
            rows.addAll(jdbc.sql("""
                    SELECT date_trunc(:period, p.effective_at, 'UTC') AS start, t.type, p.asset,
                           sum(greatest(p.amount, 0)) AS credits, sum(greatest(-p.amount, 0)) AS debits
                    FROM ledger_accounts a
                    JOIN ledger_postings p ON p.account_id = a.id AND p.effective_at >= :from AND p.effective_at < :to
                    JOIN ledger_transactions t ON t.id = p.transaction_id
                    WHERE a.owner_type = :ownerType AND a.owner_id = :ownerId AND a.purpose = :purpose AND t.type IN (:types)
                    GROUP BY 1, 2, 3
                    ORDER BY 1, 2, 3""")
                    .param("period", period).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                    .param("ownerType", account.owner().type().code()).param("ownerId", account.owner().id())
                    .param("purpose", account.purpose()).param("types", List.copyOf(transactionTypes))
                    .query((rs, n) -> new Row(rs.getTimestamp("start").toInstant(), account, rs.getString("type"),
                            rs.getString("asset"), rs.getLong("credits"), rs.getLong("debits")))
                    .list());
        }
        return rows;
    }
}
