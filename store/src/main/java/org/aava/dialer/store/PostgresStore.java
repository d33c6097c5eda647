package org.aava.dialer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL store: the same repositories as {@link SqliteStore}, for one node or several sharing one
 * database. Migrated on open (as the connecting role, which owns the database and need not be a superuser).
 */
public final class PostgresStore extends SharedRepositoriesStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

    private final String url;
    private final HikariDataSource dataSource;
    private final ExecutorService threads;
    private final PostgresDb db;

    private PostgresStore(String url, HikariDataSource dataSource, ExecutorService threads, PostgresDb db) {
        super(db);
        this.url = url;
        this.dataSource = dataSource;
        this.threads = threads;
        this.db = db;
    }

    private static PostgresStore over(String url, HikariDataSource dataSource, StoreOptions options) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(options.dbThreads(), r -> {
            Thread t = new Thread(r, "aava-db-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new PostgresStore(url, dataSource, threads, new PostgresDb(dataSource, threads, options.busyRetryFor(), options.metrics()));
    }

    /**
     * Connects and migrates.
     *
     * @param url a {@code jdbc:postgresql://} URL without credentials
     * @throws IllegalArgumentException if the URL is not PostgreSQL's or carries credentials
     * @throws IllegalStateException    if the database cannot be reached or its schema is newer than this code
     */
    public static PostgresStore open(String url, String username, String password, StoreOptions options) {
        DatabaseUrls.requirePostgresWithoutCredentials(url);
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("aava-postgres");
        cfg.setJdbcUrl(url);
        cfg.setUsername(username);
        cfg.setPassword(password);
        // one connection per store thread, and one for the health probe
        cfg.setMaximumPoolSize(options.dbThreads() + 1);
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(10_000);
        cfg.addDataSourceProperty("ApplicationName", "aava-dialer");
        cfg.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + url + " as " + username + ": " + rootMessage(e), e);
        }
        try (Connection c = ds.getConnection()) {
            Migrator.migratePostgres(c);
        } catch (SQLException | RuntimeException e) {
            ds.close();
            if (e instanceof IllegalStateException ise) throw ise;
            throw new IllegalStateException("cannot migrate the PostgreSQL database at " + url + ": " + rootMessage(e), e);
        }
        log.info("store: PostgreSQL at {} as {}", url, username);
        return over(url, ds, options);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return String.valueOf(t.getMessage());
    }

    @Override public String location() { return url; }

    HikariDataSource dataSource() { return dataSource; }

    @Override
    public int schemaVersion() {
        try (Connection c = dataSource.getConnection()) {
            return Migrator.currentVersionPostgres(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema version: " + e.getMessage(), e);
        }
    }

    /** Reachable and writable (not a read-only standby). */
    @Override
    public CompletableFuture<Boolean> healthCheck() {
        return db.<Boolean>onReader("store.healthCheck", () -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT NOT pg_is_in_recovery()")) {
                return rs.next() && rs.getBoolean(1);
            } catch (SQLException | RuntimeException e) {
                log.warn("database health check failed: {}", e.getMessage());
                return false;
            }
        }).exceptionally(e -> false);
    }

    @Override
    public void backup(Path target, boolean overwrite) {
        throw new UnsupportedOperationException("the database is PostgreSQL (" + url + "): back it up with pg_dump, "
                + "e.g. pg_dump --format=custom --file=aava.dump <database>");
    }

    @Override
    public void close() {
        repos.nameIndex().close();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) log.warn("store operations still running at close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        dataSource.close();
    }
}
