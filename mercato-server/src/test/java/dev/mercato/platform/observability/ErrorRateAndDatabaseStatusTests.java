package dev.mercato.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The error-rate window over a moving clock, and the database gauge against a reachable and an unreachable server. */
class ErrorRateAndDatabaseStatusTests {

    @Test
    void theErrorRateIsTheShareOfServerErrorsInTheLastMinute() {
        MercatoClock clock = new MercatoClock(Clock.fixed(Instant.parse("2026-11-01T00:00:00.500Z"), ZoneOffset.UTC));
        ErrorWindow window = new ErrorWindow(clock);
        assertThat(window.rate()).isZero();

        window.record(false);
        window.record(false);
        window.record(false);
        window.record(true);
        assertThat(window.rate()).isEqualTo(0.25);

        clock.advance(Duration.ofSeconds(30));
        window.record(true);
        assertThat(window.rate()).isEqualTo(0.4);

        clock.advance(Duration.ofSeconds(31));
        assertThat(window.rate()).as("the first four are older than a minute").isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(60));
        assertThat(window.rate()).isZero();
    }

    @Test
    void theDatabaseGaugeIsOneWhenPostgresAnswersAndZeroWhenItDoesNot() {
        SimpleMeterRegistry upMeters = new SimpleMeterRegistry();
        new DatabaseStatus(dataSource(TestDatabases.jdbcUrl("postgres")), upMeters);
        assertThat(upMeters.get("database_status").gauge().value()).isEqualTo(1);

        SimpleMeterRegistry downMeters = new SimpleMeterRegistry();
        new DatabaseStatus(dataSource("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2"), downMeters);
        assertThat(downMeters.get("database_status").gauge().value()).isZero();
    }

    private static DriverManagerDataSource dataSource(String url) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
        dataSource.setUsername(TestDatabases.USER);
        return dataSource;
    }
}
