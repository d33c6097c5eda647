package org.aava.dialer.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link SharedFileTest}, as a second aava-dialer process (say, the admin) on the
 * same file: opens it through {@link SqliteStore}, imports leads, then holds the write lock for a while
 * as a long import or a backup tool might. Args: dbFile campaignId holdMillis
 */
public final class OtherProcessWriter {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long campaignId = Long.parseLong(args[1]);
        try (Store store = SqliteStore.open(file, StoreOptions.defaults())) {
            var result = store.leads().insertBatch(campaignId, StoreFixture.leads(campaignId, 1000, 10), true).join();
            System.out.println("IMPORTED " + result.accepted());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO audit_log (at_utc, actor, action, subject) "
                    + "VALUES ('2026-01-01T00:00:00.000Z', 'other-process', 'import', 'campaign/" + campaignId + "')");
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[2]));
            s.execute("COMMIT");
        }
        System.out.println("RELEASED");
    }
}
