package dev.mercato.platform.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.ledger.VerificationReport;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.Instances;
import dev.mercato.testing.Marketplace;
import dev.mercato.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A marketplace with users and a paid order is backed up by the code the scheduled job runs,
 * restored into a fresh database, and checked there: the same rows in every table, and a ledger
 * that verifies clean on an instance started on the restored database. The command-line backup
 * and restore are checked the same way.
 */
class BackupRestoreTests {

    static final String ADMIN_KEY = "mk_backup_admin_key_0123456789abcdefghij";
    /** Rewritten by background work (sealing, job state and history, the outbox) while the test runs. */
    static final List<String> MOVING = List.of("ledger_seals", "job_runs", "scheduled_tasks", "event_publication");

    /** Where the scheduled backups go; JUnit deletes it after the class. */
    @TempDir
    static Path directory;
    static String database;
    static ConfigurableApplicationContext source;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.create();
        source = Instances.startOn(database, "--mercato.bootstrap-admin-key=" + ADMIN_KEY,
                "--mercato.backup.directory=" + directory, "--mercato.backup.keep=2", "--mercato.backup.keep-for=P1D");
        Api api = Instances.api(source);
        Marketplace marketplace = new Marketplace(api, api.as(ADMIN_KEY), source.getBean(JdbcTemplate.class));
        Api.Client seller = marketplace.seller();
        String category = marketplace.category();
        marketplace.awaitEarningsRecorded(marketplace.sell(seller, category, 4_900));
        marketplace.awaitEarningsRecorded(marketplace.sell(seller, category, 1_250));
        marketplace.fixtures().user();
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void aBackupRestoredIntoAFreshDatabaseHasEveryRowAndALedgerThatVerifiesClean() throws Exception {
        Map<String, Long> before = settledCounts(database);
        assertThat(before).containsKeys("users", "ledger_transactions", "ledger_postings", "orders", "payment_attempts");
        assertThat(before.get("orders")).isEqualTo(2);
        assertThat(before.get("ledger_postings")).isPositive();

        Path backup = source.getBean(Backups.class).backupNow();

        assertThat(counts(database)).as("nothing changed while backing up").isEqualTo(before);
        assertThat(backup.getParent()).isEqualTo(directory.toAbsolutePath());
        assertThat(backup.getFileName().toString()).matches("mercato-" + name(database) + "-\\d{8}T\\d{6}Z\\.dump");
        String restored = TestDatabases.create();
        run(List.of(PostgresTools.find("pg_restore").orElseThrow().toString(), "--no-owner", "--no-privileges",
                "--single-transaction", "--host=" + host(), "--port=" + port(), "--username=" + TestDatabases.USER,
                "--dbname=" + name(restored), backup.toString()), Map.of());
        assertThat(counts(restored)).isEqualTo(before);

        ConfigurableApplicationContext onRestored = Instances.startOn(restored, "--mercato.backup.enabled=false");
        try {
            VerificationReport report = onRestored.getBean(LedgerVerification.class).verify();
            assertThat(report.violations()).isEmpty();
            assertThat(report.transactions()).isEqualTo(before.get("ledger_transactions"));
            Api.Response verify = Instances.api(onRestored).as(ADMIN_KEY).get("/v1/ledger/verify");
            assertThat(verify.status()).as("the admin key came back with the data").isEqualTo(200);
            assertThat(verify.body().path("violations")).isEmpty();
        } finally {
            onRestored.close();
        }
    }

    @Test
    void theScheduledJobWritesABackupAndKeepsOnlyWhatRetentionAllows() throws Exception {
        Backups backups = source.getBean(Backups.class);
        for (Path earlier : backups.list()) {
            Files.delete(earlier);
        }
        Instant now = Instant.now();
        Path lastWeek = touch(BackupRetention.fileName("mercato", now.minus(Duration.ofDays(7))));
        Path lastMonth = touch(BackupRetention.fileName("mercato", now.minus(Duration.ofDays(30))));
        Path notABackup = touch("notes.txt");

        Api.Client admin = Instances.api(source).as(ADMIN_KEY);
        assertThat(admin.post("/v1/admin/jobs/platform.backup/run-now", Map.of()).status()).isEqualTo(202);
        assertThat(Eventually.holds(() -> admin.get("/v1/admin/jobs/platform.backup/runs").body().path("data").size() == 1))
                .isTrue();
        assertThat(admin.get("/v1/admin/jobs/platform.backup/runs").body().path("data").get(0).path("outcome").asString())
                .isEqualTo("succeeded");

        // keep=2, keep-for=P1D: the new backup and the newest old one stay, the older one goes.
        List<Path> kept = backups.list();
        assertThat(kept).hasSize(2);
        assertThat(kept.getFirst().getFileName().toString()).startsWith("mercato-" + name(database) + "-");
        assertThat(Files.size(kept.getFirst())).isGreaterThan(1_000);
        assertThat(kept.get(1)).isEqualTo(lastWeek);
        assertThat(lastMonth).doesNotExist();
        assertThat(notABackup).exists();
    }

    @Test
    void theCommandLineBacksUpAndRestoresIntoANewDatabaseButNotOverData(@TempDir Path cli) throws Exception {
        String url = TestDatabases.jdbcUrl(name(database)) + "?user=" + TestDatabases.USER;
        String file = run(List.of("../mercato", "backup", "--dir", cli.toString()), Map.of("DATABASE_URL", url)).strip();

        assertThat(Path.of(file)).isRegularFile().hasParent(cli);
        String into = "mercato_test_" + ProcessHandle.current().pid() + "_cli";
        try {
            run(List.of("../mercato", "restore", file, "--into", into), Map.of("DATABASE_URL", url));
            Map<String, Long> original = counts(database);
            Map<String, Long> copy = counts(TestDatabases.jdbcUrl(into));
            original.keySet().retainAll(List.of("users", "orders", "ledger_transactions", "ledger_postings", "listings"));
            assertThat(copy).containsAllEntriesOf(original);

            Process refused = process(List.of("../mercato", "restore", file), Map.of("DATABASE_URL", url));
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isNotZero();
            assertThat(new String(refused.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("is not empty");
        } finally {
            try (Connection c = TestDatabases.connect(TestDatabases.jdbcUrl("postgres")); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + into + " WITH (FORCE)");
            }
        }
    }

    private static Path touch(String name) throws IOException {
        return Files.writeString(directory.resolve(name), "old");
    }

    /**
     * The row counts once the listeners and loops that run after a sale (search, analytics,
     * webhooks, emails) have finished: the same counts twice, two seconds apart.
     */
    private static Map<String, Long> settledCounts(String database) throws Exception {
        Map<String, Long> last = counts(database);
        for (int i = 0; i < 15; i++) {
            Thread.sleep(2_000);
            Map<String, Long> now = counts(database);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Row counts of every table but those background work keeps changing. */
    static Map<String, Long> counts(String url) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            tables.removeAll(MOVING);
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static String run(List<String> command, Map<String, String> environment) throws Exception {
        Process process = process(command, environment);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", command, err).isZero();
        return out;
    }

    private static Process process(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String name(String jdbcUrl) {
        return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
    }

    private static String host() {
        return DatabaseConnection.of(database, TestDatabases.USER, "").host();
    }

    private static String port() {
        return String.valueOf(DatabaseConnection.of(database, TestDatabases.USER, "").port());
    }
}
