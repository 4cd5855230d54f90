package dev.mercato.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every way operators and retention read {@code audit_events} has an index (docs/audit.md,
 * "Indexes"): each filter of {@code GET /v1/audit-events} leads an index, and the purge finds its
 * rows through the time index rather than by reading the table.
 */
class AuditIndexTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void everyFilterOfTheAuditSearchLeadsAnIndex() {
        List<String> leading = jdbc.queryForList("""
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = 'audit_events'::regclass""", String.class);

        assertThat(leading).contains("id", "resource_type", "resource_id", "actor_id", "on_behalf_of", "request_id",
                "occurred_at");
    }

    @Test
    void theRetentionPurgeAndTheTimeFiltersUseTheTimeIndex() {
        String purge = explain("DELETE FROM audit_events WHERE occurred_at < now() - interval '400 days'");
        String range = explain("""
                SELECT id FROM audit_events WHERE occurred_at >= now() - interval '2 days'
                AND occurred_at < now() - interval '1 day'""");

        assertThat(purge).contains("Index Scan on audit_events_time_brin").doesNotContain("Seq Scan");
        assertThat(range).contains("Index Scan on audit_events_time_brin").doesNotContain("Seq Scan");
    }

    /** The plan when reading the table is ruled out, so a missing index shows as a sequential scan. */
    private String explain(String sql) {
        return transactions.execute(status -> {
            jdbc.execute("SET LOCAL enable_seqscan = off");
            return String.join("\n", jdbc.queryForList("EXPLAIN " + sql, String.class));
        });
    }
}
