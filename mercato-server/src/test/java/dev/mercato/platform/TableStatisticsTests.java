package dev.mercato.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class TableStatisticsTests extends IntegrationTest {

    @Autowired
    TableStatistics statistics;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void analyzesATableThatChangedALotWhenAutovacuumIsOff() {
        jdbc.execute("CREATE TABLE statistics_probe (id int)");
        jdbc.execute("INSERT INTO statistics_probe SELECT generate_series(1, 5000)");
        // pg_stat counters are flushed asynchronously by the backend that changed the table
        jdbc.execute("SELECT pg_stat_force_next_flush()");
        assertThat(statistics.stale()).anyMatch(t -> t.endsWith("statistics_probe"));

        boolean autovacuumOff = "off".equals(jdbc.queryForObject("SELECT current_setting('autovacuum')", String.class));
        statistics.refreshIfAutovacuumIsOff();

        if (autovacuumOff) {
            assertThat(statistics.stale()).noneMatch(t -> t.endsWith("statistics_probe"));
            assertThat(jdbc.queryForObject(
                    "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'statistics_probe'",
                    Boolean.class)).isTrue();
        }
        jdbc.execute("DROP TABLE statistics_probe");
    }
}
