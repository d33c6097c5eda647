package org.aava.dialer.store;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Runs all JDBC on the store's own executor: callers get futures and never block on SQLite.
 * Writes run in one IMMEDIATE transaction and are retried when another process holds the write
 * lock beyond busy_timeout, so an outcome is delayed, never lost.
 */
final class Db {
    private static final Logger log = LoggerFactory.getLogger(Db.class);

    private final DSLContext dsl;
    private final ExecutorService executor;
    private final Duration busyRetryFor;
    private final StoreMetrics metrics;

    Db(DSLContext dsl, ExecutorService executor, Duration busyRetryFor, StoreMetrics metrics) {
        this.dsl = dsl;
        this.executor = executor;
        this.busyRetryFor = busyRetryFor;
        this.metrics = metrics;
    }

    DSLContext dsl() {
        return dsl;
    }

    <T> CompletableFuture<T> read(String op, Function<DSLContext, T> work) {
        return CompletableFuture.supplyAsync(() -> timed(op, () -> work.apply(dsl)), executor);
    }

    /** A write transaction (sqlite-jdbc begins it IMMEDIATE), retried while the database is busy. */
    <T> CompletableFuture<T> write(String op, Function<DSLContext, T> work) {
        return CompletableFuture.supplyAsync(() -> timed(op, () -> writeNow(op, work)), executor);
    }

    <T> T writeNow(String op, Function<DSLContext, T> work) {
        long deadline = System.nanoTime() + busyRetryFor.toNanos();
        long backoffMs = 50;
        while (true) {
            try {
                return dsl.transactionResult(cfg -> work.apply(cfg.dsl()));
            } catch (RuntimeException e) {
                if (!isBusy(e) || System.nanoTime() > deadline) throw e;
                log.warn("database busy during {}; retrying in {} ms", op, backoffMs);
                sleep(backoffMs);
                backoffMs = Math.min(2000, backoffMs * 2);
            }
        }
    }

    private <T> T timed(String op, java.util.function.Supplier<T> work) {
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            T result = work.get();
            ok = true;
            return result;
        } finally {
            metrics.recordOperation(op, System.nanoTime() - t0, ok);
        }
    }

    static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                        || code.name().startsWith("SQLITE_BUSY")) return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("SQLITE_BUSY") || m.contains("database is locked"))) return true;
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
