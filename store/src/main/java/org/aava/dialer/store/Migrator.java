package org.aava.dialer.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the versioned scripts {@code migrations/V<n>__*.sql} in order, each in its own
 * transaction, and records them in {@code schema_version}. A database newer than this code is
 * refused rather than touched.
 */
final class Migrator {
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);
    /** The migration scripts this code knows, in order. */
    static final List<String> SCRIPTS = List.of("V1__init.sql");

    private Migrator() {
    }

    static int latest() {
        return SCRIPTS.size();
    }

    static void migrate(Connection c) throws SQLException {
        int current = currentVersion(c);
        if (current > latest()) {
            throw new IllegalStateException("database schema version " + current + " is newer than this aava-dialer (knows up to "
                    + latest() + "); upgrade aava-dialer or restore a backup");
        }
        for (int v = current + 1; v <= latest(); v++) {
            String script = SCRIPTS.get(v - 1);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(read(script));
                s.executeUpdate("INSERT INTO schema_version (version, applied_at_utc) VALUES (" + v + ", '"
                        + Timestamps.format(Instant.now()) + "')");
                c.commit();
                log.info("applied migration {}", script);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'")) {
            if (!rs.next()) return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String read(String script) {
        try (InputStream in = Migrator.class.getResourceAsStream("migrations/" + script)) {
            if (in == null) throw new IllegalStateException("migration " + script + " missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + script, e);
        }
    }

    static List<String> scripts() {
        return new ArrayList<>(SCRIPTS);
    }
}
