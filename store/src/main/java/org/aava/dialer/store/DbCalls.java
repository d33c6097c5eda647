package org.aava.dialer.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.function.Supplier;

/** What both transactors do around a database call: time it, report JDBC failures unchecked, wait between retries. */
final class DbCalls {
    private static final Logger log = LoggerFactory.getLogger(DbCalls.class);

    private DbCalls() {
    }

    static <T> T timed(StoreMetrics metrics, String op, Supplier<T> work) {
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            T result = work.get();
            ok = true;
            return result;
        } finally {
            try {
                metrics.recordOperation(op, System.nanoTime() - t0, ok);
            } catch (RuntimeException e) {
                log.debug("metrics hook failed: {}", e.toString());
            }
        }
    }

    static RuntimeException asRuntime(String op, Throwable e) {
        if (e instanceof RuntimeException re) return re;
        return new org.jooq.exception.DataAccessException(op + " failed: " + e.getMessage(), (SQLException) e);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
