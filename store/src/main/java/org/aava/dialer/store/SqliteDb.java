package org.aava.dialer.store;

import com.zaxxer.hikari.HikariDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs all JDBC off the caller's thread: reads on the reader threads, writes on the single writer
 * thread, so this process's writes are serialised in submission order and never wait on SQLite's
 * busy handler for each other.
 *
 * <p>A write is one {@code BEGIN IMMEDIATE … COMMIT} issued explicitly on an auto-commit connection.
 * The JDBC route ({@code setAutoCommit(false)}/{@code commit()}) is avoided on purpose: sqlite-jdbc's
 * {@code commit()} runs {@code COMMIT} and then at once {@code BEGIN IMMEDIATE} again, which can fail
 * with SQLITE_BUSY <em>after</em> the data was committed; a retry would then apply the write twice.
 * Here SQLITE_BUSY can only come from {@code BEGIN IMMEDIATE} or a failed {@code COMMIT} (after which the
 * transaction is rolled back), so retrying is always safe. Writes are retried while another process
 * holds the write lock beyond busy_timeout, for up to {@code busyRetryFor}: an outcome is delayed, never lost.
 */
final class SqliteDb implements Db {
    private static final Logger log = LoggerFactory.getLogger(SqliteDb.class);

    private final HikariDataSource dataSource;
    private final DSLContext reads;
    private final ExecutorService readers;
    private final WriterLanes writer;
    private final Duration busyRetryFor;
    private final StoreMetrics metrics;
    private volatile long lastBulkWriteNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    /** When the background checkpoint asked for a rewind ({@link #NOT_ASKED} if none is pending). */
    private final AtomicLong walRewindAskedAt = new AtomicLong(NOT_ASKED);
    private static final long NOT_ASKED = Long.MIN_VALUE;
    /** A rewind waits for a moment when no call-path write is queued, but no longer than this. */
    static final Duration REWIND_DEFER_MAX = Duration.ofSeconds(1);

    SqliteDb(HikariDataSource dataSource, ExecutorService readers, WriterLanes writer, Duration busyRetryFor, StoreMetrics metrics) {
        this.dataSource = dataSource;
        this.reads = DSL.using(dataSource, SQLDialect.SQLITE, SETTINGS);
        this.readers = readers;
        this.writer = writer;
        this.busyRetryFor = busyRetryFor;
        this.metrics = metrics;
    }

    /** Auto-commit reads on a reader thread; each statement sees the latest committed data. */
    @Override
    public <T> CompletableFuture<T> read(String op, Function<DSLContext, T> work) {
        return CompletableFuture.supplyAsync(() -> DbCalls.timed(metrics, op, () -> work.apply(reads)), readers);
    }

    /** One write transaction on the writer thread, retried while the database is busy. */
    @Override
    public <T> CompletableFuture<T> write(String op, Function<DSLContext, T> work) {
        return CompletableFuture.supplyAsync(() -> DbCalls.timed(metrics, op, () -> writeNow(op, work)), writer.calls());
    }

    /**
     * Slices share one transaction (up to {@code maxPerTransaction} items) until a call-path write is queued; then
     * the transaction commits, the waiting writes run, and the next transaction goes on. A lease that arrives
     * during an import waits for one slice, while the import keeps its large transactions whenever nothing is
     * waiting. A busy retry repeats only the transaction it is in. {@code beforeCommit} keeps e.g. an import
     * job's committed counts exact through a kill -9.
     */
    @Override
    public <I, S, T> CompletableFuture<T> writeBulkInSlices(String op, List<I> items, int slice, int maxPerTransaction,
                                                     T zero, Function<DSLContext, S> begin,
                                                     SliceWork<S, I, T> work, BinaryOperator<T> combine,
                                                     java.util.function.BiConsumer<S, T> beforeCommit) {
        return CompletableFuture.supplyAsync(() -> {
            lastBulkWriteNanos = System.nanoTime();
            T total = zero;
            int from = 0;
            while (from < items.size()) {
                int start = from;
                int[] end = {start};
                T part = DbCalls.timed(metrics, op, () -> writeNow(op, dsl -> {
                    S state = begin.apply(dsl);
                    T sum = zero;
                    int i = start;
                    do {
                        int to = Math.min(items.size(), i + slice);
                        sum = combine.apply(sum, work.apply(state, items.subList(i, to), i));
                        i = to;
                    } while (i < items.size() && i - start < maxPerTransaction && !writer.callsWaiting());
                    end[0] = i;
                    beforeCommit.accept(state, sum);
                    return sum;
                }));
                total = combine.apply(total, part);
                from = end[0];
                writer.runWaitingCalls();
                maybeRewindWal();
                lastBulkWriteNanos = System.nanoTime();
            }
            return total;
        }, writer.bulk());
    }

    /** Background upkeep: runs only when no other write is queued. */
    @Override
    public <T> CompletableFuture<T> writeIdle(String op, Function<DSLContext, T> work) {
        return CompletableFuture.supplyAsync(() -> DbCalls.timed(metrics, op, () -> writeNow(op, work)), writer.idle());
    }

    /**
     * Asks the writer to complete a WAL checkpoint between two import transactions (see {@link WalCheckpointer}).
     * A checkpoint run beside the writer never catches up with it, and SQLite starts the WAL file over only
     * when a write transaction begins with every frame copied back: without this the WAL grew by ~100 MB/s
     * while leases and an import alternated (3 GB in 34 s), and every read slowed as it grew.
     */
    void askWalRewind() {
        walRewindAskedAt.compareAndSet(NOT_ASKED, System.nanoTime());
    }

    /**
     * On the writer thread, between two import transactions: completes the checkpoint if one was asked for. It
     * copies the frames written since the background checkpoint (6-29 ms during an import beside leases), so it
     * waits while a call-path write is queued, for up to {@link #REWIND_DEFER_MAX}: a lease waits for it at most
     * about once a second, and only while the call lane never empties.
     */
    private void maybeRewindWal() {
        long asked = walRewindAskedAt.get();
        if (asked == NOT_ASKED) return;
        if (writer.callsWaiting() && System.nanoTime() - asked < REWIND_DEFER_MAX.toNanos()) return;
        walRewindAskedAt.set(NOT_ASKED);
        DbCalls.timed(metrics, "wal.rewind", () -> {
            try (Connection c = dataSource.getConnection()) {
                // With no write beside it the checkpoint copies every frame, unless the background checkpoint holds
                // its lock (busy) or a reader still reads an older snapshot; the background pass then asks again.
                WalCheckpointer.Result result = WalCheckpointer.passive(c);
                if (!result.complete()) log.debug("WAL checkpoint on the writer left it incomplete: {}", result);
            } catch (SQLException e) {
                log.warn("WAL checkpoint on the writer failed (the next one retries): {}", e.getMessage());
            }
            return null;
        });
    }

    /** Whether an import is writing (a bulk write ran within the last {@link #IMPORT_WINDOW}). */
    boolean importing() {
        return bulkWriteWithin(IMPORT_WINDOW);
    }

    static final Duration IMPORT_WINDOW = Duration.ofSeconds(2);

    /**
     * The commit that takes the WAL past this many pages copies it back into the database file, and the write
     * it belongs to waits for that: half SQLite's default, so the wait is half as long. Leases back to back on
     * 2 cores, 1,000 and 500 pages interleaved, two runs each: lease p99 at 50 leads 5.75, 5.55 → 3.90, 3.48 ms,
     * at 10 leads 3.18, 3.33 → 2.90, 2.72 ms; the rate did not drop (10 leads: 23.3k, 27.6k → 26.2k, 29.8k/s).
     */
    static final int AUTOCHECKPOINT_PAGES = 500;

    /** Whether a bulk write (an import) ran within {@code window}: upkeep waits for imports to finish. */
    @Override
    public boolean bulkWriteWithin(Duration window) {
        return System.nanoTime() - lastBulkWriteNanos < window.toNanos();
    }

    /** Runs {@code work} on a reader thread (e.g. the health probe, which must not queue behind a stuck write). */
    @Override
    public <T> CompletableFuture<T> onReader(String op, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> DbCalls.timed(metrics, op, work), readers);
    }

    @Override
    public StoreDialect dialect() {
        return StoreDialect.SQLITE;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    private <T> T writeNow(String op, Function<DSLContext, T> work) {
        long deadline = System.nanoTime() + busyRetryFor.toNanos();
        long backoffMs = 50;
        int retries = 0;
        while (true) {
            try {
                T result = transaction(work);
                metrics.recordWriteTransaction(op);
                return result;
            } catch (SQLException | RuntimeException e) {
                if (!isBusy(e)) throw DbCalls.asRuntime(op, e);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.error("database still busy during {} after {} retries over {} s; giving up", op, retries,
                            busyRetryFor.toSeconds());
                    throw DbCalls.asRuntime(op, e);
                }
                retries++;
                long sleep = Math.min(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1), left / 1_000_000 + 1);
                log.warn("database busy during {} (another connection or process holds the write lock); retry {} in {} ms",
                        op, retries, sleep);
                metrics.recordBusyRetry(op);
                DbCalls.sleep(sleep);
                backoffMs = Math.min(2000, backoffMs * 2);
            }
        }
    }

    private <T> T transaction(Function<DSLContext, T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            // While an import runs, no commit checkpoints the WAL (WalCheckpointer does, beside the writer), so a
            // lease's commit never pays for the import's pages; otherwise SQLite's own checkpoint applies.
            ConnectionStatements.of(c).walAutocheckpoint(importing() ? 0 : AUTOCHECKPOINT_PAGES);
            exec(c, "BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.apply(DSL.using(c, SQLDialect.SQLITE, SETTINGS));
                exec(c, "COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) rollbackQuietly(c);
            }
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly(Connection c) {
        try {
            exec(c, "ROLLBACK");
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("no transaction is active")) return; // SQLite already rolled it back
            log.warn("rollback failed ({}); discarding the connection", m);
            try {
                dataSource.evictConnection(c);
            } catch (RuntimeException ignored) {
                // the pool is closing
            }
        }
    }

    /** SQLITE_BUSY (any extended code) or SQLITE_LOCKED anywhere in the cause chain. */
    static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                if (code != null && (code.name().startsWith("SQLITE_BUSY") || code.name().startsWith("SQLITE_LOCKED"))) return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED") || m.contains("database is locked"))) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

}
