package dev.mercato.platform.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names backups by the time they were taken ({@code mercato-<database>-20261121T030000Z.dump}) and
 * decides which to delete: the {@code keep} newest always stay; older ones stay until they are
 * older than {@code keepFor}. Files not named like a backup are never touched.
 */
record BackupRetention(int keep, Duration keepFor) {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("mercato-.+-(\\d{8}T\\d{6}Z)\\.dump");

    static String fileName(String database, Instant takenAt) {
        return "mercato-" + database + "-" + STAMP.format(takenAt) + ".dump";
    }

    /** When the backup in this file was taken, if it is named like a backup. */
    static Optional<Instant> takenAt(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(STAMP.parse(m.group(1))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The backups in the directory, newest first. */
    static List<Path> backups(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> takenAt(f).isPresent())
                    .sorted(Comparator.comparing((Path f) -> takenAt(f).orElseThrow()).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list backups in " + directory, e);
        }
    }

    /** Deletes the backups retention no longer keeps; returns them. */
    List<Path> prune(Path directory, Instant now) {
        List<Path> all = backups(directory);
        Instant cutoff = now.minus(keepFor);
        List<Path> deleted = new ArrayList<>();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            if (takenAt(old).orElseThrow().isBefore(cutoff)) {
                try {
                    Files.deleteIfExists(old);
                    deleted.add(old);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete old backup " + old, e);
                }
            }
        }
        return deleted;
    }
}
