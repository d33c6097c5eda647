package org.aava.dialer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SQLite store: one WAL-mode file, migrated on open, safe to share with other processes.
 * Every repository method runs its JDBC on this store's own threads ({@code aava-db-N}) and returns
 * a future; nothing touches the database on the caller's thread.
 *
 * <pre>{@code
 * SqliteStore store = SqliteStore.open(Path.of("data/aava.db"), StoreOptions.defaults());
 * store.leads().lease(new LeaseRequest(...)).thenAccept(...);
 * store.close();
 * }</pre>
 */
public final class SqliteStore extends SharedRepositoriesStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final Path file;
    private final HikariDataSource dataSource;
    private final ExecutorService writer;
    private final ExecutorService readers;
    private final SqliteDb db;
    private final WalCheckpointer checkpointer;

    private SqliteStore(Path file, HikariDataSource dataSource, WriterLanes lanes, ExecutorService readers, SqliteDb db) {
        super(db);
        this.file = file;
        this.dataSource = dataSource;
        this.writer = lanes.executor();
        this.readers = readers;
        this.db = db;
        this.checkpointer = new WalCheckpointer(dataSource, db::importing, db::askWalRewind);
    }

    private static SqliteStore over(Path file, HikariDataSource dataSource, StoreOptions options) {
        // aava-db-1 is the single writer, below call handling in CPU priority (see LowerCpuPriority);
        // aava-db-2.. run reads.
        AtomicInteger n = new AtomicInteger(1);
        WriterLanes lanes = new WriterLanes(LowerCpuPriority.daemonThreads("aava-db-1", LowerCpuPriority.DATABASE_NICENESS));
        ExecutorService readers = Executors.newFixedThreadPool(options.dbThreads() - 1, daemon(() -> "aava-db-" + n.incrementAndGet()));
        return new SqliteStore(file, dataSource, lanes, readers,
                new SqliteDb(dataSource, readers, lanes, options.busyRetryFor(), options.metrics()));
    }

    private static ThreadFactory daemon(java.util.function.Supplier<String> name) {
        return r -> {
            Thread t = new Thread(r, name.get());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Opens (creating the file and its directories if needed) and migrates the database.
     *
     * @throws IllegalStateException if the file cannot be opened or its schema is newer than this code
     */
    public static SqliteStore open(Path dbFile, StoreOptions options) {
        Path abs = dbFile.toAbsolutePath();
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the directory of " + abs + ": " + e.getMessage(), e);
        }
        useUsableNativeTmpDir(abs);
        DatabaseFileMode.restrict(abs);
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("aava-sqlite");
        cfg.setJdbcUrl("jdbc:sqlite:" + abs);
        cfg.setMaximumPoolSize(options.poolSize());
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(30_000);
        // sqlite-jdbc applies these driver properties to every pooled connection.
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "NORMAL");
        // When the WAL starts over, its file is cut back to 64 MB: one large import would otherwise leave a
        // WAL file the size of everything it wrote, on disk for good.
        cfg.addDataSourceProperty("journal_size_limit", Long.toString(64L << 20));
        cfg.addDataSourceProperty("foreign_keys", "true");
        cfg.addDataSourceProperty("busy_timeout", Integer.toString(options.busyTimeoutMs()));
        // Per connection: a 32 MB page cache, memory-mapped reads (256 MB window) and in-memory sort temporaries.
        cfg.addDataSourceProperty("cache_size", "-32768");
        cfg.addDataSourceProperty("mmap_size", Long.toString(256L << 20));
        cfg.addDataSourceProperty("temp_store", "MEMORY");
        // Our writes issue BEGIN IMMEDIATE themselves (see Db); this covers any code using JDBC transactions.
        cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open database " + abs + ": " + e.getMessage(), e);
        }
        try {
            migrate(ds, options);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return over(abs, ds, options);
    }

    private static void migrate(HikariDataSource ds, StoreOptions options) {
        long deadline = System.nanoTime() + options.busyRetryFor().toNanos();
        while (true) {
            try (Connection c = ds.getConnection()) {
                Migrator.migrate(c, options.phones());
                return;
            } catch (SQLException | RuntimeException e) {
                if (e instanceof IllegalStateException ise && !SqliteDb.isBusy(e)) throw ise;
                if (SqliteDb.isBusy(e) && System.nanoTime() < deadline) {
                    log.warn("database busy while checking its schema; retrying");
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while opening the database", ie);
                    }
                    continue;
                }
                throw new IllegalStateException("cannot open database " + ds.getJdbcUrl() + ": " + e.getMessage(), e);
            }
        }
    }

    /** sqlite-jdbc extracts its native library into java.io.tmpdir; use the database's directory if that is not writable. */
    private static void useUsableNativeTmpDir(Path dbFile) {
        if (System.getProperty("org.sqlite.tmpdir") != null) return;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        if (Files.isDirectory(tmp) && Files.isWritable(tmp)) return;
        Path parent = dbFile.getParent();
        if (parent != null && Files.isWritable(parent)) {
            log.warn("{} is not writable; sqlite-jdbc will extract its native library into {}", tmp, parent);
            System.setProperty("org.sqlite.tmpdir", parent.toString());
        }
    }

    @Override public String location() { return file.toString(); }

    public Path file() { return file; }

    HikariDataSource dataSource() { return dataSource; }

    @Override
    public int schemaVersion() {
        return db.read("store.schemaVersion", dsl -> dsl.connectionResult(c -> {
            try {
                return Migrator.currentVersion(c);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        })).join();
    }

    /**
     * True when a write transaction can be started now: the file is writable and no other process has
     * held the write lock for longer than busy_timeout. Never fails; runs on a reader thread so that it
     * answers even while the writer is stuck retrying.
     */
    @Override
    public CompletableFuture<Boolean> healthCheck() {
        return db.<Boolean>onReader("store.healthCheck", () -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                s.execute("ROLLBACK");
                return true;
            } catch (SQLException | RuntimeException e) {
                log.warn("database health check failed: {}", e.getMessage());
                return false;
            }
        }).exceptionally(e -> false);
    }

    /**
     * Online backup: {@code VACUUM INTO} a temporary file next to {@code target}, then an atomic rename,
     * so {@code target} is either the old file or a complete copy. Runs on a reader thread (a read transaction:
     * reads and writes, here and in other processes, continue) and blocks the caller until done.
     *
     * @throws IllegalArgumentException if {@code target} exists and {@code overwrite} is false
     */
    @Override
    public void backup(Path target, boolean overwrite) {
        Path abs = target.toAbsolutePath();
        if (abs.equals(file)) throw new IllegalArgumentException("cannot back the database up onto itself");
        if (Files.exists(abs) && !overwrite) throw new IllegalArgumentException(target + " exists; refusing to overwrite it");
        try {
            db.onReader("store.backup", () -> {
                Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    if (abs.getParent() != null) Files.createDirectories(abs.getParent());
                    s.execute("VACUUM INTO '" + tmp.toString().replace("'", "''") + "'");
                    if (overwrite) {
                        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } else {
                        // a hard link fails if the target appeared meanwhile: no silent overwrite
                        Files.createLink(abs, tmp);
                        Files.delete(tmp);
                    }
                    return null;
                } catch (FileAlreadyExistsException e) {
                    throw new IllegalArgumentException(target + " exists; refusing to overwrite it", e);
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException("backup to " + target + " failed: " + e.getMessage(), e);
                } finally {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    @Override
    public void close() {
        repos.nameIndex().close();
        checkpointer.close();
        writer.shutdown();
        readers.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) log.warn("store writes still running at close");
            readers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdownNow();
        readers.shutdownNow();
        dataSource.close();
    }
}
