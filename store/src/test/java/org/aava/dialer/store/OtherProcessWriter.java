package org.aava.dialer.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link SharedFileTest}: inserts leads into the shared database file, then
 * holds the write lock for a while, as the admin process or a backup tool might.
 * Args: dbFile campaignId holdMillis
 */
public final class OtherProcessWriter {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < 10; i++) {
                s.executeUpdate("INSERT INTO outbound_leads (campaign_id, phone_number, phone_normalized, created_at_utc, updated_at_utc) "
                        + "VALUES (" + args[1] + ", '+1666000000" + i + "', '+1666000000" + i + "', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
            }
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[2]));
            s.execute("COMMIT");
        }
    }
}
