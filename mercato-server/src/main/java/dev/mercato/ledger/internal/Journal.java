package dev.mercato.ledger.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads journal rows (a transaction with its postings) in a canonical text form. The sealer and
 * verify both read through here, so what is hashed and what is checked are the same bytes.
 */
@Component
class Journal {

    /** One transaction in canonical form; {@code extra} carries the seal columns when scanning the chain. */
    record Row(String transactionId, long seq, String canonical, java.time.Instant createdAt, Map<String, Object> extra) {
    }

    private static final String TRANSACTION_COLUMNS =
            "t.id, t.seq, t.type, t.effective_at, t.created_at, t.reference, t.reverses, t.hold_id, t.metadata::text AS metadata";
    private static final String POSTING_COLUMNS =
            "p.account_id, p.stripe, p.asset, p.amount, p.balance_after, p.version, p.effective_at AS p_effective_at";

    private final NamedParameterJdbcTemplate jdbc;

    Journal(DataSource dataSource) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        // Streams (inside a transaction) instead of loading a whole journal into memory.
        streaming.setFetchSize(1000);
        this.jdbc = new NamedParameterJdbcTemplate(streaming);
    }

    /**
     * Committed transactions after a sequence number, oldest first, sealed or not; each row's
     * {@code extra} says whether it is already sealed. Postings are read for unsealed rows only,
     * so a sweep over a long sealed journal stays cheap.
     */
    void after(long afterSeq, int limit, Consumer<Row> consumer) {
        scan("""
                SELECT %s, %s, t.sealed FROM
                  (SELECT t.*, EXISTS (SELECT 1 FROM ledger_seals s WHERE s.transaction_id = t.id) AS sealed
                   FROM ledger_transactions t WHERE t.seq > :after ORDER BY t.seq LIMIT :limit) t
                LEFT JOIN ledger_postings p ON p.transaction_id = t.id AND NOT t.sealed
                ORDER BY t.seq, p.seq""".formatted(TRANSACTION_COLUMNS, POSTING_COLUMNS),
                Map.of("after", afterSeq, "limit", limit), false, consumer);
    }

    /** Unsealed committed transactions among the given (non-empty, at most a thousand) sequence numbers, oldest first. */
    void unsealedAmong(java.util.Collection<Long> seqs, int limit, Consumer<Row> consumer) {
        scan("""
                SELECT %s, %s, false AS sealed FROM
                  (SELECT * FROM ledger_transactions t
                   WHERE t.seq IN (:seqs) AND NOT EXISTS (SELECT 1 FROM ledger_seals s WHERE s.transaction_id = t.id)
                   ORDER BY t.seq LIMIT :limit) t
                JOIN ledger_postings p ON p.transaction_id = t.id
                ORDER BY t.seq, p.seq""".formatted(TRANSACTION_COLUMNS, POSTING_COLUMNS),
                Map.of("seqs", java.util.List.copyOf(seqs), "limit", limit), false, consumer);
    }

    /** Every sealed transaction in chain order, with its stored seal. */
    void sealed(Consumer<Row> consumer) {
        scan("""
                SELECT s.chain_index, s.row_hash, s.chain_hash, %s, %s
                FROM ledger_seals s
                JOIN ledger_transactions t ON t.id = s.transaction_id
                LEFT JOIN ledger_postings p ON p.transaction_id = t.id
                ORDER BY s.chain_index, p.seq""".formatted(TRANSACTION_COLUMNS, POSTING_COLUMNS),
                Map.of(), true, consumer);
    }

    private void scan(String sql, Map<String, Object> params, boolean withSeal, Consumer<Row> consumer) {
        final class Grouping implements RowCallbackHandler {
            String current;
            long seq;
            java.time.Instant createdAt;
            StringBuilder canonical;
            Map<String, Object> extra;

            @Override
            public void processRow(ResultSet rs) throws SQLException {
                String id = rs.getString("id");
                if (!id.equals(current)) {
                    flush();
                    current = id;
                    seq = rs.getLong("seq");
                    createdAt = rs.getTimestamp("created_at").toInstant();
                    canonical = new StringBuilder(512).append(id).append('|').append(rs.getString("type")).append('|')
                            .append(micros(rs.getTimestamp("effective_at"))).append('|')
                            .append(micros(rs.getTimestamp("created_at"))).append('|')
                            .append(rs.getString("reference")).append('|').append(rs.getString("reverses")).append('|')
                            .append(rs.getString("hold_id")).append('|').append(rs.getString("metadata"));
                    extra = withSeal ? Map.of("chain_index", rs.getLong("chain_index"), "row_hash", rs.getBytes("row_hash"),
                            "chain_hash", rs.getBytes("chain_hash")) : Map.of("sealed", rs.getBoolean("sealed"));
                }
                if (rs.getString("account_id") != null) {
                    canonical.append('\n').append(rs.getString("account_id")).append('|').append(rs.getInt("stripe"))
                            .append('|').append(rs.getString("asset")).append('|').append(rs.getLong("amount")).append('|')
                            .append(rs.getLong("balance_after")).append('|').append(rs.getLong("version")).append('|')
                            .append(micros(rs.getTimestamp("p_effective_at")));
                }
            }

            void flush() {
                if (current != null) {
                    consumer.accept(new Row(current, seq, canonical.toString(), createdAt, extra));
                    current = null;
                }
            }
        }
        Grouping grouping = new Grouping();
        jdbc.query(sql, params, grouping);
        grouping.flush();
    }

    private static long micros(Timestamp timestamp) {
        java.time.Instant instant = timestamp.toInstant();
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
