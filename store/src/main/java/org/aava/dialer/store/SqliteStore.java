package org.aava.dialer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.LeadRepository;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SQLite store: one WAL-mode file, migrated on open, shared safely with other processes.
 * Every repository runs its JDBC on this store's own executor.
 */
public final class SqliteStore implements AutoCloseable {
    private final Path file;
    private final HikariDataSource dataSource;
    private final ExecutorService executor;
    private final Db db;
    private final CampaignStore campaigns;
    private final LeadStore leads;
    private final AttemptStore attempts;
    private final CallHistoryStore callHistory;
    private final DncStore dnc;
    private final AuditStore audit;

    private SqliteStore(Path file, HikariDataSource dataSource, ExecutorService executor, StoreOptions options) {
        this.file = file;
        this.dataSource = dataSource;
        this.executor = executor;
        this.db = new Db(DSL.using(dataSource, SQLDialect.SQLITE), executor, options.busyRetryFor(), options.metrics());
        this.campaigns = new CampaignStore(db);
        this.leads = new LeadStore(db);
        this.attempts = new AttemptStore(db);
        this.callHistory = new CallHistoryStore(db);
        this.dnc = new DncStore(db);
        this.audit = new AuditStore(db);
    }

    /** Opens (creating if needed) and migrates the database file. */
    public static SqliteStore open(Path file, StoreOptions options) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("aava-sqlite");
        cfg.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        cfg.setMaximumPoolSize(options.poolSize());
        cfg.setMinimumIdle(1);
        // sqlite-jdbc applies these to every pooled connection.
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "NORMAL");
        cfg.addDataSourceProperty("foreign_keys", "true");
        cfg.addDataSourceProperty("busy_timeout", Integer.toString(options.busyTimeoutMs()));
        // DEFERRED read-then-write transactions deadlock on the lock upgrade under concurrency; IMMEDIATE does not.
        cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        HikariDataSource ds = new HikariDataSource(cfg);
        try (Connection c = ds.getConnection()) {
            Migrator.migrate(c);
        } catch (SQLException | RuntimeException e) {
            ds.close();
            if (e instanceof IllegalStateException ise) throw ise;
            throw new IllegalStateException("cannot open database " + file + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(options.dbThreads(), r -> {
            Thread t = new Thread(r, "aava-db-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new SqliteStore(file, ds, executor, options);
    }

    public CampaignRepository campaigns() { return campaigns; }
    public LeadRepository leads() { return leads; }
    public AttemptRepository attempts() { return attempts; }
    public CallHistoryRepository callHistory() { return callHistory; }
    public DncRepository dnc() { return dnc; }
    public AuditLog audit() { return audit; }
    public Path file() { return file; }

    public int schemaVersion() {
        try (Connection c = dataSource.getConnection()) {
            return Migrator.currentVersion(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when a write transaction can be started now (the file is writable and not locked for long). */
    public CompletableFuture<Boolean> healthCheck() {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                s.execute("ROLLBACK");
                return true;
            } catch (SQLException e) {
                return false;
            }
        }, executor);
    }

    /** Online backup into {@code target} (VACUUM INTO a temporary file, then an atomic move). */
    public void backup(Path target, boolean overwrite) {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs) && !overwrite) throw new IllegalArgumentException(target + " exists; refusing to overwrite it");
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + System.nanoTime());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            s.execute("VACUUM INTO '" + tmp.toString().replace("'", "''") + "'");
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (SQLException | IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
            throw new IllegalStateException("backup to " + target + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dataSource.close();
    }
}
