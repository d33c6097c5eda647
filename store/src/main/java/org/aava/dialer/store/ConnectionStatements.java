package org.aava.dialer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What the store keeps per physical database connection across transactions: prepared statements of the hot
 * write path, and the connection's current {@code wal_autocheckpoint}. A lease is a handful of statements
 * that each run in a few µs; rendering and preparing them afresh was most of its cost.
 *
 * <p>Statements are prepared on the physical connection, not on the pool's proxy: the proxy closes the
 * statements opened through it when it goes back to the pool. A physical connection the pool has closed
 * (retired, evicted) is forgotten on the next lookup; SQLite finalised its statements when it closed.
 * Use a connection's statements only while holding that connection from the pool.
 */
final class ConnectionStatements {
    private static final int AUTOCHECKPOINT_UNKNOWN = -1;
    private static final Map<Connection, ConnectionStatements> BY_CONNECTION = new IdentityHashMap<>();

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private int walAutocheckpoint = AUTOCHECKPOINT_UNKNOWN;

    private ConnectionStatements(Connection connection) {
        this.connection = connection;
    }

    /** The kept state of the physical connection under {@code pooled}. */
    static ConnectionStatements of(Connection pooled) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class); // the pool's proxy hands out the driver's connection
        synchronized (BY_CONNECTION) {
            ConnectionStatements known = BY_CONNECTION.get(physical);
            if (known != null) return known;
            // The pool has a few connections; a new one is rare (start, retirement), so pruning here is cheap.
            BY_CONNECTION.keySet().removeIf(ConnectionStatements::isClosed);
            ConnectionStatements fresh = new ConnectionStatements(physical);
            BY_CONNECTION.put(physical, fresh);
            return fresh;
        }
    }

    /** A prepared statement for {@code sql}, prepared once per connection; do not close it. */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement s = statements.get(sql);
        if (s == null || s.isClosed()) {
            s = connection.prepareStatement(sql);
            statements.put(sql, s);
        }
        return s;
    }

    /**
     * Runs a kept statement that changes rows; returns how many (the same on PostgreSQL). Not {@code executeUpdate}: sqlite-jdbc leaves
     * the statement un-reset after it, and SQLite counts an un-reset statement as still running (a
     * {@code VACUUM INTO} on that connection, the online backup, then fails with "SQL statements in progress").
     * A batch of one is reset when it ends, as is a query whose result set is closed.
     */
    static int update(PreparedStatement kept) throws SQLException {
        kept.addBatch();
        return kept.executeBatch()[0];
    }

    /** SQLite only: sets {@code PRAGMA wal_autocheckpoint}, skipping the statement when the connection already has that value. */
    void walAutocheckpoint(int pages) throws SQLException {
        if (walAutocheckpoint == pages) return;
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=" + pages);
        }
        walAutocheckpoint = pages;
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
