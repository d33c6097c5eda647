package org.aava.dialer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.aava.dialer.core.ports.AttemptJournal;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.core.ports.LeadRepository;
import org.aava.dialer.core.ports.RecordingRepository;
import org.aava.dialer.core.ports.UserDirectory;
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
public final class PostgresStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

    private final String url;
    private final HikariDataSource dataSource;
    private final ExecutorService threads;
    private final PostgresDb db;
    private final StoreRepositories repos;

    private PostgresStore(String url, HikariDataSource dataSource, StoreOptions options) {
        this.url = url;
        this.dataSource = dataSource;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(options.dbThreads(), r -> {
            Thread t = new Thread(r, "aava-db-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.db = new PostgresDb(dataSource, threads, options.busyRetryFor(), options.metrics());
        this.repos = StoreRepositories.over(db);
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
        return new PostgresStore(url, ds, options);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return String.valueOf(t.getMessage());
    }

    @Override public CampaignRepository campaigns() { return repos.campaigns(); }

    @Override public LeadRepository leads() { return repos.leads(); }

    @Override public AttemptRepository attempts() { return repos.attempts(); }

    @Override public CallHistoryRepository callHistory() { return repos.callHistory(); }

    @Override public AttemptJournal journal() { return repos.journal(); }

    @Override public DncRepository dnc() { return repos.dnc(); }

    @Override public AuditLog audit() { return repos.audit(); }

    @Override public ImportJobRepository importJobs() { return repos.importJobs(); }

    @Override public RecordingRepository recordings() { return repos.recordings(); }

    @Override public UserDirectory users() { return repos.users(); }

    @Override public org.aava.dialer.core.ports.NodeHeartbeats nodes() { return repos.nodes(); }

    @Override public String location() { return url; }

    HikariDataSource dataSource() { return dataSource; }

    /** PostgreSQL's trigram index is always current: nothing waits to be indexed. */
    @Override
    public CompletableFuture<Long> nameIndexBacklog() {
        return repos.nameIndex().backlog();
    }

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
