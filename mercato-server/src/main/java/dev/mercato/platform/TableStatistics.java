package dev.mercato.platform;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps planner statistics of Mercato's tables fresh when the server runs with autovacuum off.
 * Without them PostgreSQL keeps planning as if a table were still empty (sequential scans over
 * millions of idempotency records and postings). With autovacuum on — PostgreSQL's default — this
 * does nothing. One instance runs it per interval (a cluster job, {@link PlatformConfiguration}).
 */
@Component
class TableStatistics {

    private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);

    private final JdbcTemplate jdbc;

    TableStatistics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void refreshIfAutovacuumIsOff() {
        if (!"off".equals(jdbc.queryForObject("SELECT current_setting('autovacuum')", String.class))) {
            return;
        }
        for (String table : stale()) {
            log.debug("analyzing {} (autovacuum is off)", table);
            jdbc.execute("ANALYZE " + table);
        }
    }

    /** Our tables changed by more than a tenth (and a thousand rows) since they were last analyzed. */
    List<String> stale() {
        return jdbc.queryForList("""
                SELECT quote_ident(schemaname) || '.' || quote_ident(relname) FROM pg_stat_user_tables
                WHERE schemaname = current_schema() AND n_mod_since_analyze > 1000 + 0.1 * n_live_tup
                ORDER BY n_mod_since_analyze DESC""", String.class);
    }
}
