package dev.mercato.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The recurring audit job keeps the BRIN time index summarised by itself (docs/audit.md, "Indexes"):
 * where autovacuum is off, {@code autosummarize} never runs, and a range left unsummarised is read
 * whole by every time filter and purge.
 */
class AuditRetentionTests extends IntegrationTest {

    @Autowired
    AuditRetention retention;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theRecurringJobSummarisesTheTimeIndexsNewRangesEvenWithoutARetention() {
        new HttpFixtures(api, admin()).user();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_events", Long.class)).isPositive();
        jdbc.execute("SELECT brin_desummarize_range('audit_events_time_brin'::regclass, 0)");
        assertThat(jdbc.queryForObject("SELECT brin_summarize_new_values('audit_events_time_brin'::regclass)",
                Integer.class)).as("desummarised ranges are found again").isPositive();
        jdbc.execute("SELECT brin_desummarize_range('audit_events_time_brin'::regclass, 0)");

        retention.purgeExpired();

        assertThat(jdbc.queryForObject("SELECT brin_summarize_new_values('audit_events_time_brin'::regclass)",
                Integer.class)).as("ranges the job left unsummarised").isZero();
    }
}
