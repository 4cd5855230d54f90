package dev.mercato.platform.backup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds PostgreSQL's client programs. The newest version under /usr/lib/postgresql wins over the
 * one on PATH: pg_dump refuses a server newer than itself, and Debian's /usr/bin/pg_dump is a
 * wrapper that may pick an older one.
 */
public final class PostgresTools {

    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

    private PostgresTools() {
    }

    /** The named program ({@code pg_dump}, {@code pg_restore}), if installed. */
    public static Optional<Path> find(String program) {
        return newestInstalled(program).or(() -> onPath(program));
    }

    private static Optional<Path> newestInstalled(String program) {
        if (!Files.isDirectory(VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path dir) -> Double.parseDouble(dir.getFileName().toString())).reversed())
                    .map(dir -> dir.resolve("bin").resolve(program)).filter(Files::isExecutable).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }
}
