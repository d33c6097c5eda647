package org.aava.dialer.store;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which database the store tests run on: SQLite files by default; PostgreSQL when the build's second store run
 * sets {@code aava.test.store=postgres} (store/pom.xml). The PostgreSQL server is the one etc/pg/start.sh started,
 * named by {@code AAVA_TEST_PG_URL}, {@code AAVA_TEST_PG_USERNAME} and {@code AAVA_TEST_PG_PASSWORD}; each store a
 * test opens gets a database of its own, created by the test role (CREATEDB, not a superuser). Without the server
 * those runs are skipped, or fail when {@code aava.pg.required=true} (as CI sets).
 */
final class TestDatabases {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String RUN = Long.toString(ProcessHandle.current().pid());
    private static final java.util.Map<Path, String> BY_DIRECTORY = new java.util.concurrent.ConcurrentHashMap<>();

    private TestDatabases() {
    }

    static boolean postgres() {
        return "postgres".equals(System.getProperty("aava.test.store"));
    }

    /** A test that checks something only SQLite has (its file, WAL, busy handling) runs on SQLite only. */
    static void assumeSqlite() {
        Assumptions.assumeFalse(postgres(), "SQLite only");
    }

    /** The test's store in {@code dir}: opened again on the same directory, it is the same database (a restart). */
    static Store open(Path dir, StoreOptions options) {
        if (!postgres()) return SqliteStore.open(dir.resolve("aava.db"), options);
        return PostgresStore.open(BY_DIRECTORY.computeIfAbsent(dir.toAbsolutePath(), d -> freshDatabase()), username(), password(), options);
    }

    /** A raw connection to the store's database, for tests that look under the repositories. */
    static Connection connection(Store store) throws SQLException {
        if (store instanceof SqliteStore s) return s.dataSource().getConnection();
        return ((PostgresStore) store).dataSource().getConnection();
    }

    /** The JDBC URL of a new, empty database on the test server. */
    static String freshDatabase() {
        String admin = System.getenv("AAVA_TEST_PG_URL");
        if (admin == null || admin.isBlank()) {
            String why = "no PostgreSQL for the tests: start one with eval \"$(etc/pg/start.sh)\" (sets AAVA_TEST_PG_URL)";
            if (Boolean.getBoolean("aava.pg.required")) throw new IllegalStateException(why);
            Assumptions.abort(why);
        }
        String name = "aava_t" + RUN + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(admin, username(), password()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + admin + ": " + e.getMessage(), e);
        }
        return admin.substring(0, admin.lastIndexOf('/') + 1) + name;
    }

    static String username() {
        return System.getenv().getOrDefault("AAVA_TEST_PG_USERNAME", "aava");
    }

    static String password() {
        return System.getenv().getOrDefault("AAVA_TEST_PG_PASSWORD", "");
    }
}
