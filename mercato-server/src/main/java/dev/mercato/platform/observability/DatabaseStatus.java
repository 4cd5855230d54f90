package dev.mercato.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code database_status}: 1 when PostgreSQL answered the last probe, 0 when it did not.
 * Probed in the background rather than at scrape time, so a scrape never waits on a dead database.
 */
@Component
class DatabaseStatus {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStatus.class);
    private static final int TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    /** -1 until the first probe, so starting up is not reported as a recovery. */
    private final AtomicInteger up = new AtomicInteger(-1);

    DatabaseStatus(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        Gauge.builder("database_status", up, AtomicInteger::get)
                .description("1 when PostgreSQL answers, 0 when it does not").register(meters);
        probe();
    }

    void probe() {
        int now;
        try (Connection connection = dataSource.getConnection()) {
            now = connection.isValid(TIMEOUT_SECONDS) ? 1 : 0;
        } catch (SQLException | RuntimeException e) {
            now = 0;
        }
        int before = up.getAndSet(now);
        if (before != -1 && before != now) {
            if (now == 1) {
                log.info("database is reachable again");
            } else {
                log.error("database is unreachable");
            }
        }
    }
}
