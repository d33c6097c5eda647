package org.aava.dialer.store;

import com.zaxxer.hikari.HikariDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The small transactor of the PostgreSQL store. Reads and writes run side by side on the store's threads, each
 * write in one READ COMMITTED transaction. PostgreSQL aborts a transaction it cannot serialise or that is part
 * of a deadlock (SQLSTATE 40001, 40P01) before anything of it is visible, so those are retried, with jittered
 * backoff, for up to {@code retryFor}; any other failure (a constraint, a lost connection, after which the
 * outcome of a COMMIT is unknown) is not, and fails the write.
 */
final class PostgresDb implements Db {
    private static final Logger log = LoggerFactory.getLogger(PostgresDb.class);
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK_DETECTED = "40P01";

    private final HikariDataSource dataSource;
    private final DSLContext reads;
    private final ExecutorService threads;
    private final Duration retryFor;
    private final StoreMetrics metrics;
    private volatile long lastBulkWriteNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

    PostgresDb(HikariDataSource dataSource, ExecutorService threads, Duration retryFor, StoreMetrics metrics) {
        this.dataSource = dataSource;
        this.reads = DSL.using(dataSource, SQLDialect.POSTGRES, SETTINGS);
        this.threads = threads;
        this.retryFor = retryFor;
        this.metrics = metrics;
    }

    @Override
    public StoreDialect dialect() {
        return StoreDialect.POSTGRES;
    }

    @Override
    public <T> CompletableFuture<T> read(String op, Function<DSLContext, T> work) {
        return CompletableFuture.supplyAsync(() -> DbCalls.timed(metrics, op, () -> work.apply(reads)), threads);
    }

    @Override
    public <T> CompletableFuture<T> write(String op, Function<DSLContext, T> work) {
        return CompletableFuture.supplyAsync(() -> DbCalls.timed(metrics, op, () -> writeNow(op, work)), threads);
    }

    /**
     * One slice per transaction, of up to {@code maxPerTransaction} items: PostgreSQL's row locks let call-path writes
     * run beside it, so nothing waits for a slice to end, and a bigger slice means fewer round trips (a COPY each).
     */
    @Override
    public <I, S, T> CompletableFuture<T> writeBulkInSlices(String op, List<I> items, int slice, int maxPerTransaction,
                                                            T zero, Function<DSLContext, S> begin,
                                                            SliceWork<S, I, T> work, BinaryOperator<T> combine,
                                                            BiConsumer<S, T> beforeCommit) {
        return CompletableFuture.supplyAsync(() -> {
            T total = zero;
            for (int from = 0; from < items.size(); ) {
                lastBulkWriteNanos = System.nanoTime();
                int start = from;
                int end = Math.min(items.size(), start + Math.max(slice, maxPerTransaction));
                T part = DbCalls.timed(metrics, op, () -> writeNow(op, dsl -> {
                    S state = begin.apply(dsl);
                    T sum = combine.apply(zero, work.apply(state, items.subList(start, end), start));
                    beforeCommit.accept(state, sum);
                    return sum;
                }));
                total = combine.apply(total, part);
                from = end;
            }
            lastBulkWriteNanos = System.nanoTime();
            return total;
        }, threads);
    }

    @Override
    public <T> CompletableFuture<T> writeIdle(String op, Function<DSLContext, T> work) {
        return write(op, work);
    }

    @Override
    public <T> CompletableFuture<T> onReader(String op, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> DbCalls.timed(metrics, op, work), threads);
    }

    @Override
    public boolean bulkWriteWithin(Duration window) {
        return System.nanoTime() - lastBulkWriteNanos < window.toNanos();
    }

    private <T> T writeNow(String op, Function<DSLContext, T> work) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMs = 5;
        for (int retries = 0; ; retries++) {
            try {
                T result = transaction(work);
                metrics.recordWriteTransaction(op);
                return result;
            } catch (SQLException | RuntimeException e) {
                String state = retryableState(e);
                if (state == null || System.nanoTime() > deadline) throw DbCalls.asRuntime(op, e);
                long sleep = backoffMs + ThreadLocalRandom.current().nextLong(backoffMs + 1);
                log.info("database aborted {} (SQLSTATE {}: {}); retry {} in {} ms", op, state,
                        state.equals(DEADLOCK_DETECTED) ? "deadlock" : "serialization failure", retries + 1, sleep);
                metrics.recordBusyRetry(op);
                DbCalls.sleep(sleep);
                backoffMs = Math.min(1000, backoffMs * 2);
            }
        }
    }

    private <T> T transaction(Function<DSLContext, T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.apply(DSL.using(c, SQLDialect.POSTGRES, SETTINGS));
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) rollbackQuietly(c);
                c.setAutoCommit(true);
            }
        }
    }

    private void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed ({}); discarding the connection", e.getMessage());
            dataSource.evictConnection(c);
        }
    }

    /** The SQLSTATE when PostgreSQL aborted the transaction for a reason a retry can clear, else null. */
    static String retryableState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state)) return state;
            }
        }
        return null;
    }

}
