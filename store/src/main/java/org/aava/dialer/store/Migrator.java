package org.aava.dialer.store;

import org.aava.dialer.core.phone.PhoneNumbers;

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
import java.util.List;

/**
 * Applies the versioned scripts {@code migrations/V<n>__*.sql} in order, each in its own
 * {@code BEGIN IMMEDIATE} transaction that re-reads the version first (so two processes opening a new
 * file at once apply each script once), and records them in {@code schema_version}. A database newer
 * than this code is refused rather than touched.
 *
 * <p>PostgreSQL ({@link #migratePostgres}) starts at {@value #POSTGRES_BASELINE}: {@code migrations/postgres/} holds
 * the schema of that version in one script, then a twin of each later script. Each step is one transaction
 * that first takes an advisory lock, so nodes starting together apply each step once; PostgreSQL's DDL is
 * transactional, so a step is applied whole or not at all.
 */
final class Migrator {
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);
    /** The migration scripts this code knows, in order: V1 is index 0. Add new scripts here and only append. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__lead_state_counts.sql", "V3__lead_name_index.sql",
            "V4__import_counts_leads.sql", "V5__attempt_sip_code.sql", "V6__phone_e164.sql",
            "V7__campaign_run_window.sql", "V8__import_jobs_and_recordings.sql", "V9__campaign_callback_number.sql",
            "V10__lead_number_index.sql", "V11__users.sql", "V12__compliance_settings.sql",
            "V13__attempt_ai_session_key.sql", "V14__retry_policy_serialisation.sql", "V15__dialer_nodes.sql");

    /** The version PostgreSQL databases begin at (there were none before it). */
    static final int POSTGRES_BASELINE = 14;
    private static final String POSTGRES_BASELINE_SCRIPT = "postgres/V14__baseline.sql";
    /** Any fixed number: the advisory lock the nodes' migrations queue on. */
    private static final long POSTGRES_MIGRATION_LOCK = 0x6161766144_6d6967L;

    private Migrator() {
    }

    /** Brings a PostgreSQL database (owned by the connecting role) to {@link #latest()}. */
    static void migratePostgres(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            while (true) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + POSTGRES_MIGRATION_LOCK + ")");
                    s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at_utc TEXT NOT NULL)");
                    int current;
                    try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                        rs.next();
                        current = rs.getInt(1);
                    }
                    refuseNewer(current);
                    if (current == latest()) {
                        c.commit();
                        return;
                    }
                    int v = current < POSTGRES_BASELINE ? POSTGRES_BASELINE : current + 1;
                    String script = v == POSTGRES_BASELINE ? POSTGRES_BASELINE_SCRIPT : "postgres/" + SCRIPTS.get(v - 1);
                    s.execute(read(script));
                    s.executeUpdate("INSERT INTO schema_version (version, applied_at_utc) VALUES (" + v + ", '"
                            + Timestamps.format(Instant.now()) + "')");
                    c.commit();
                    log.info("applied migration {}", script);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The schema version of a PostgreSQL database (0 if it has none yet). */
    static int currentVersionPostgres(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('schema_version') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    static int latest() {
        return SCRIPTS.size();
    }

    static void migrate(Connection c) throws SQLException {
        migrate(c, PhoneNumbers.defaults());
    }

    /** @param phones how V6 re-normalises stored numbers (the node's {@code dial.default_region}) */
    static void migrate(Connection c, PhoneNumbers phones) throws SQLException {
        if (!c.getAutoCommit()) c.setAutoCommit(true);
        while (true) {
            exec(c, "BEGIN IMMEDIATE");
            boolean done = false;
            try {
                int current = currentVersion(c);
                refuseNewer(current);
                if (current == latest()) {
                    exec(c, "COMMIT");
                    done = true;
                    return;
                }
                int v = current + 1;
                String script = SCRIPTS.get(v - 1);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(read(script));
                    javaStep(c, script, phones);
                    s.executeUpdate("INSERT INTO schema_version (version, applied_at_utc) VALUES (" + v + ", '"
                            + Timestamps.format(Instant.now()) + "')");
                }
                exec(c, "COMMIT");
                done = true;
                log.info("applied migration {}", script);
            } finally {
                if (!done) {
                    try {
                        exec(c, "ROLLBACK");
                    } catch (SQLException ignored) {
                        // nothing to roll back
                    }
                }
            }
        }
    }

    /** The part of a migration SQL cannot do, run after its script in the same transaction (keyed by script, not number). */
    private static void javaStep(Connection c, String script, PhoneNumbers phones) throws SQLException {
        if (script.startsWith("V6__phone_e164")) PhoneMigration.run(c, phones);
    }

    static void refuseNewer(int current) {
        if (current > latest()) {
            throw new IllegalStateException("database schema version " + current + " is newer than this aava-dialer (knows up to "
                    + latest() + "); upgrade aava-dialer or restore a backup");
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

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
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
}
