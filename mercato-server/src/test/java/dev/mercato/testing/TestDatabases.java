package dev.mercato.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;

/**
 * Creates throwaway databases for tests on the PostgreSQL server named by MERCATO_TEST_PG_HOST /
 * _PORT / _USER (default 127.0.0.1:5432, postgres), and drops them when the JVM exits. Names are
 * {@code mercato_test_<pid>_<n>}; leftovers of test JVMs that died are dropped on the next run.
 * No other database is ever touched.
 */
public final class TestDatabases {

    private static final String HOST = env("MERCATO_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("MERCATO_TEST_PG_PORT", "5432");
    public static final String USER = env("MERCATO_TEST_PG_USER", "postgres");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final List<String> CREATED = new ArrayList<>();

    static {
        dropLeftovers();
        // A Spring shutdown handler runs after Spring has closed the test contexts, which still use
        // these databases while closing (the event publication registry reads them); a plain JVM
        // hook would race them and leave the registry waiting out a connection timeout.
        SpringApplication.getShutdownHandlers().add(TestDatabases::dropCreated);
    }

    private TestDatabases() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** Creates a fresh empty database and returns its JDBC URL. */
    public static synchronized String create() {
        String name = "mercato_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        admin("CREATE DATABASE " + name);
        CREATED.add(name);
        return jdbcUrl(name);
    }

    private static synchronized void dropCreated() {
        for (String name : CREATED) {
            try {
                admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // the server may already be gone at JVM exit; the next run drops it
            }
        }
    }

    private static void dropLeftovers() {
        List<String> stale = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'mercato\\_test\\_%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String[] parts = name.split("_");
                long pid = parts.length >= 4 ? Long.parseLong(parts[2]) : -1;
                if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
                    stale.add(name);
                }
            }
        } catch (SQLException | NumberFormatException e) {
            return;
        }
        stale.forEach(name -> admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    private static void admin(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + jdbcUrl("postgres")
                    + " (is PostgreSQL running? ./mercato test starts a private one if not)", e);
        }
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, "");
    }

    private static Connection connect() throws SQLException {
        return connect(jdbcUrl("postgres"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
