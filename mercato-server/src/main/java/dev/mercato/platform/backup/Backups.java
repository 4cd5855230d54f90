package dev.mercato.platform.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Takes a logical backup of Mercato's database with {@code pg_dump --format=custom} into the
 * backup directory, then applies retention. The scheduled job and {@code POST
 * /v1/admin/jobs/platform.backup/run-now} both run {@link #backupNow()}. The dump is written under
 * a temporary name and renamed when complete, so a file named like a backup is always whole. The
 * password reaches pg_dump through {@code PGPASSWORD}, never its command line or a log.
 */
public class Backups {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);

    private final BackupProperties settings;
    private final BackupRetention retention;
    private final Environment environment;
    private final Clock clock;

    Backups(BackupProperties settings, Environment environment, Clock clock) {
        this.settings = settings;
        this.retention = new BackupRetention(settings.keep(), settings.keepFor());
        this.environment = environment;
        this.clock = clock;
    }

    /** Backs up the database now and prunes old backups; returns the new backup file. */
    public Path backupNow() {
        DatabaseConnection database = DatabaseConnection.of(environment.getProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password"));
        Path pgDump = pgDump();
        Instant started = clock.instant();
        Path directory = settings.directory().toAbsolutePath();
        Path file = directory.resolve(BackupRetention.fileName(database.database(), started));
        Path partial = directory.resolve(file.getFileName() + ".partial");
        try {
            Files.createDirectories(directory);
            dump(pgDump, database, partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("backup of {} written to {} ({} bytes)", database, file, Files.size(file));
            for (Path old : retention.prune(directory, clock.instant())) {
                log.info("old backup {} deleted (mercato.backup.keep={}, keep-for={})", old, settings.keep(), settings.keepFor());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("backup of " + database + " into " + directory + " failed", e);
        } finally {
            deleteQuietly(partial);
        }
    }

    /** The backups in the directory, newest first. */
    public List<Path> list() {
        return BackupRetention.backups(settings.directory().toAbsolutePath());
    }

    Path pgDump() {
        if (!settings.pgDump().isEmpty()) {
            Path configured = Path.of(settings.pgDump());
            if (!Files.isExecutable(configured)) {
                throw new IllegalStateException("mercato.backup.pg-dump is " + configured + ", which is not an executable");
            }
            return configured;
        }
        return PostgresTools.find("pg_dump").orElseThrow(() -> new IllegalStateException(
                "pg_dump was not found under /usr/lib/postgresql/*/bin or on PATH: install the PostgreSQL client "
                        + "(apt-get install postgresql-client) or set mercato.backup.pg-dump"));
    }

    private void dump(Path pgDump, DatabaseConnection database, Path partial) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(pgDump.toString(), "--format=custom", "--no-password",
                "--file=" + partial, "--host=" + database.host(), "--port=" + database.port(),
                "--username=" + database.user(), "--dbname=" + database.database()).redirectErrorStream(true);
        if (!database.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", database.password());
        }
        if (database.sslMode() != null) {
            builder.environment().put("PGSSLMODE", database.sslMode());
        }
        Process process = builder.start();
        AtomicReference<String> output = new AtomicReference<>("");
        Thread reader = Thread.ofVirtual().start(() -> output.set(read(process.getInputStream())));
        try {
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("pg_dump of " + database + " did not finish within " + settings.timeout());
            }
            reader.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("backup of " + database + " interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("pg_dump (" + pgDump + ") of " + database + " failed with exit code "
                    + process.exitValue() + ": " + output.get().strip());
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete the incomplete backup {}", file, e);
        }
    }
}
