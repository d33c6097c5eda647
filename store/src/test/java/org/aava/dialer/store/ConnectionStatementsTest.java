package org.aava.dialer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Kept statements outlive the pool's proxy connections, and a connection the pool closed gets fresh ones. */
class ConnectionStatementsTest {
    @org.junit.jupiter.api.BeforeAll
    static void onSqliteOnly() {
        TestDatabases.assumeSqlite(); // this class checks the SQLite file itself
    }

    private static final String SQL = "SELECT v FROM t WHERE k = ?";

    @Test
    void aStatementIsPreparedOncePerPhysicalConnectionAndSurvivesReturnsToThePool(@TempDir Path dir) throws Exception {
        try (HikariDataSource pool = pool(dir)) {
            PreparedStatement first;
            try (Connection c = pool.getConnection()) {
                createTable(c);
                first = ConnectionStatements.of(c).prepared(SQL);
                assertEquals("one", valueOf(first, 1));
            }
            // The proxy closed the statements opened through it; ours were opened on the physical connection.
            assertFalse(first.isClosed());
            try (Connection c = pool.getConnection()) {
                PreparedStatement again = ConnectionStatements.of(c).prepared(SQL);
                assertSame(first, again);
                assertEquals("two", valueOf(again, 2));
            }
        }
    }

    @Test
    void aConnectionThePoolClosedIsForgotten(@TempDir Path dir) throws Exception {
        try (HikariDataSource pool = pool(dir)) {
            PreparedStatement old;
            try (Connection c = pool.getConnection()) {
                createTable(c);
                old = ConnectionStatements.of(c).prepared(SQL);
                pool.evictConnection(c);
            }
            try (Connection c = pool.getConnection()) {
                PreparedStatement fresh = ConnectionStatements.of(c).prepared(SQL);
                assertNotSame(old, fresh);
                assertEquals("one", valueOf(fresh, 1));
            }
        }
    }

    @Test
    void keptStatementsAreLeftResetSoTheConnectionCanStillBeBackedUp(@TempDir Path dir) throws Exception {
        try (HikariDataSource pool = pool(dir); Connection c = pool.getConnection()) {
            createTable(c);
            ConnectionStatements kept = ConnectionStatements.of(c);
            assertEquals("one", valueOf(kept.prepared(SQL), 1));
            PreparedStatement upsert = kept.prepared("INSERT INTO t (k, v) VALUES (?, 'new') ON CONFLICT (k) DO UPDATE SET v = v || '+'");
            upsert.setLong(1, 1);
            assertEquals(1, ConnectionStatements.update(upsert));
            // what executeUpdate would have left running: VACUUM refuses while any statement is
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM INTO '" + dir.resolve("copy.db") + "'");
            }
            assertEquals("one+", valueOf(kept.prepared(SQL), 1));
        }
    }

    @Test
    void theAutocheckpointSettingIsAppliedAndRemembered(@TempDir Path dir) throws Exception {
        try (HikariDataSource pool = pool(dir); Connection c = pool.getConnection()) {
            ConnectionStatements kept = ConnectionStatements.of(c);
            kept.walAutocheckpoint(0);
            assertEquals(0, autocheckpoint(c));
            kept.walAutocheckpoint(1000);
            assertEquals(1000, autocheckpoint(c));
        }
    }

    /** Table t with keys 1 'one' and 2 'two'. */
    private static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        }
    }

    private static int autocheckpoint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String valueOf(PreparedStatement s, long key) throws SQLException {
        s.setLong(1, key);
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static HikariDataSource pool(Path dir) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:sqlite:" + dir.resolve("t.db"));
        cfg.setMaximumPoolSize(1);
        cfg.addDataSourceProperty("journal_mode", "WAL");
        return new HikariDataSource(cfg);
    }
}
