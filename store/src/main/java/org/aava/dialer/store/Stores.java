package org.aava.dialer.store;

import java.nio.file.Path;

/** Opens the store {@code database.*} names: a SQLite file by default, PostgreSQL for a {@code jdbc:postgresql:} URL. */
public final class Stores {
    private Stores() {
    }

    /**
     * @param url      {@code jdbc:postgresql://host:5432/db}, {@code jdbc:sqlite:<file>}, or null/empty for {@code sqliteFile}
     * @param username PostgreSQL only
     * @param password PostgreSQL only; never logged
     */
    public static Store open(String url, Path sqliteFile, String username, String password, StoreOptions options) {
        if (DatabaseUrls.isPostgres(url)) return PostgresStore.open(url, username, password, options);
        return SqliteStore.open(sqliteFile(url, sqliteFile), options);
    }

    /** The SQLite file of {@code url} ({@code jdbc:sqlite:<file>}), or {@code fallback} when no URL is set. */
    public static Path sqliteFile(String url, Path fallback) {
        if (url == null || url.isBlank()) return fallback;
        if (!url.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("database.url must be jdbc:sqlite:<file> or jdbc:postgresql://host:port/db, got " + url);
        }
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isBlank() || file.equals(":memory:")) throw new IllegalArgumentException("database.url must name a SQLite file, got " + url);
        return Path.of(file.startsWith("file:") ? file.substring("file:".length()) : file);
    }

    /**
     * Checks a {@code database.url} without connecting.
     *
     * @throws IllegalArgumentException naming what is wrong (not a supported URL, credentials in a PostgreSQL URL)
     */
    public static void check(String url) {
        if (DatabaseUrls.isPostgres(url)) DatabaseUrls.requirePostgresWithoutCredentials(url);
        else sqliteFile(url, Path.of("unused"));
    }

    /** Whether {@code url} selects PostgreSQL. */
    public static boolean isPostgres(String url) {
        return DatabaseUrls.isPostgres(url);
    }
}
