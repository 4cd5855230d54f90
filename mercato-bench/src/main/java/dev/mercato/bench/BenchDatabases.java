package dev.mercato.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scratch databases of one run, named {@code mercato_bench_<pid>_<what>}, each with
 * {@code synchronous_commit = on} whatever the server default, and dropped at the end (or at JVM
 * exit). Leftovers of bench runs whose process is gone are dropped first; with {@code --keep} a database is
 * named {@code mercato_bench_kept_<what>} and stays until dropped by hand. No other database is touched.
 */
final class BenchDatabases {

    private static final String PREFIX = "mercato_bench_";
    private static final String KEPT = "kept_";

    private final BenchOptions options;
    private final List<String> created = new ArrayList<>();
    private final Thread dropAtExit = new Thread(this::dropAll, "drop-bench-databases");

    BenchDatabases(BenchOptions options) {
        this.options = options;
        Runtime.getRuntime().addShutdownHook(dropAtExit);
    }

    String url(String database) {
        return "jdbc:postgresql://" + options.pgHost() + ":" + options.pgPort() + "/" + database;
    }

    synchronized String create(String what) throws SQLException {
        // A kept database is named for what it holds, not this process, so that a later run can reuse it.
        String name = PREFIX + (options.keep() ? KEPT : ProcessHandle.current().pid() + "_") + what;
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        admin("CREATE DATABASE " + name);
        created.add(name);
        admin("ALTER DATABASE " + name + " SET synchronous_commit = on");
        return name;
    }

    synchronized void dropAll() {
        if (options.keep()) {
            if (!created.isEmpty()) {
                System.out.println("kept databases " + created + " (--keep)");
            }
            return;
        }
        for (String name : created) {
            try {
                admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("could not drop " + name + ": " + e.getMessage());
            }
        }
        created.clear();
    }

    /** Drops bench databases left by runs that died; a live run's databases are left alone. */
    void dropLeftovers() throws SQLException {
        List<String> stale = new ArrayList<>();
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'mercato\\_bench\\_%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.startsWith(PREFIX + KEPT)) {
                    continue; // left by --keep on purpose
                }
                String[] parts = name.substring(PREFIX.length()).split("_", 2);
                boolean alive = parts[0].chars().allMatch(Character::isDigit) && !parts[0].isEmpty()
                        && ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    stale.add(name);
                }
            }
        }
        for (String name : stale) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /**
     * Gives the planner statistics of the loaded tables, as {@code pgbench -i} does for its own.
     * Without this, statements the server prepared while the tables were nearly empty keep their
     * cached generic plans (sequential scans) until autovacuum first analyzes the tables, up to a
     * minute or more later: the measured phases would show a freshly created database, not a running one.
     */
    void vacuumAnalyze(String database) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
        }
    }

    /**
     * Planner statistics only, without the vacuum: cheap enough to take between a warm-up and its
     * measured window, so that tables the warm-up filled from empty (orders, payments) are planned
     * as a running marketplace's are.
     */
    void analyze(String database) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    /** The server settings that decide what a durable commit costs, as the given database sees them. */
    Map<String, String> settings(String database) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String name : List.of("server_version", "synchronous_commit", "fsync", "wal_sync_method", "full_page_writes",
                    "commit_delay", "shared_buffers", "max_wal_size", "max_connections")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), options.pgUser(), "");
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
