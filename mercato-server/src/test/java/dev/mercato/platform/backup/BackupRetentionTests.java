package dev.mercato.platform.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backups retention keeps: the newest few always, the rest until they are too old; nothing else is touched. */
class BackupRetentionTests {

    static final Instant NOW = Instant.parse("2026-11-21T03:00:00Z");

    @TempDir
    Path directory;

    @Test
    void keepsTheNewestAndWhatIsYoungEnoughAndDeletesTheRest() throws IOException {
        Path today = backup(0);
        Path yesterday = backup(1);
        Path tenDaysAgo = backup(10);
        Path twentyDaysAgo = backup(20);
        Path fortyDaysAgo = backup(40);
        Path ninetyDaysAgo = backup(90);

        List<Path> deleted = new BackupRetention(3, Duration.ofDays(30)).prune(directory, NOW);

        assertThat(deleted).containsExactlyInAnyOrder(fortyDaysAgo, ninetyDaysAgo);
        assertThat(BackupRetention.backups(directory)).containsExactly(today, yesterday, tenDaysAgo, twentyDaysAgo);
    }

    @Test
    void alwaysKeepsTheNewestEvenWhenAllAreOld() throws IOException {
        Path sixtyDaysAgo = backup(60);
        Path seventyDaysAgo = backup(70);
        Path eightyDaysAgo = backup(80);

        new BackupRetention(2, Duration.ofDays(30)).prune(directory, NOW);

        assertThat(BackupRetention.backups(directory)).containsExactly(sixtyDaysAgo, seventyDaysAgo);
        assertThat(eightyDaysAgo).doesNotExist();
    }

    @Test
    void leavesFilesThatAreNotNamedLikeABackup() throws IOException {
        backup(100);
        Path partial = Files.writeString(directory.resolve(BackupRetention.fileName("mercato", NOW.minus(Duration.ofDays(99)))
                + ".partial"), "x");
        Path notes = Files.writeString(directory.resolve("notes.txt"), "x");
        Path other = Files.writeString(directory.resolve("mercato-mercato-yesterday.dump"), "x");

        new BackupRetention(1, Duration.ofDays(1)).prune(directory, NOW);

        assertThat(partial).exists();
        assertThat(notes).exists();
        assertThat(other).exists();
    }

    @Test
    void namesCarryTheDatabaseAndTheUtcTime() {
        String name = BackupRetention.fileName("shop_db", Instant.parse("2026-11-21T03:04:05.678Z"));

        assertThat(name).isEqualTo("mercato-shop_db-20261121T030405Z.dump");
        assertThat(BackupRetention.takenAt(Path.of(name))).contains(Instant.parse("2026-11-21T03:04:05Z"));
    }

    private Path backup(int daysAgo) throws IOException {
        return Files.writeString(directory.resolve(BackupRetention.fileName("mercato", NOW.minus(Duration.ofDays(daysAgo)))),
                "dump");
    }
}
