package org.aava.dialer.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run as a separate OS process by {@link FaultsLabTest}: takes SQLite's write lock on the dialer's
 * database (a reserved lock, as a long import or a backup tool would) and holds it.
 * Args: dbFile holdMillis. Prints LOCKED when it has the lock and RELEASED when it let it go.
 */
public final class SqliteLockHolder {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO audit_log (at_utc, actor, action, subject) "
                    + "VALUES ('2026-01-01T00:00:00.000Z', 'lock-holder', 'hold', 'database')");
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            s.execute("COMMIT");
        }
        System.out.println("RELEASED");
    }
}
