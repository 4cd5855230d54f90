package dev.mercato.platform.backup;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.backup.*}.
 *
 * @param enabled   whether this instance registers the scheduled backup
 * @param directory where backups are written (relative to the working directory); with several
 *                  instances on different hosts, a directory they share, since any one of them runs it
 * @param schedule  a six-field cron expression in UTC, or an ISO-8601 interval such as {@code PT6H}
 * @param keep      how many of the newest backups are always kept
 * @param keepFor   backups older than this are deleted, except the {@code keep} newest
 * @param pgDump    the pg_dump binary; empty finds the newest under /usr/lib/postgresql/&#42;/bin, then on PATH
 * @param timeout   a pg_dump running longer is stopped and the run fails
 */
@ConfigurationProperties("mercato.backup")
record BackupProperties(@DefaultValue("true") boolean enabled, @DefaultValue("backups") Path directory,
        @DefaultValue("0 0 3 * * *") String schedule, @DefaultValue("7") int keep, @DefaultValue("P30D") Duration keepFor,
        @DefaultValue("") String pgDump, @DefaultValue("PT1H") Duration timeout) {

    BackupProperties {
        if (keep < 1) {
            throw new IllegalArgumentException("mercato.backup.keep must be at least 1, not " + keep);
        }
        pgDump = pgDump == null ? "" : pgDump.trim();
    }
}
