package org.aava.dialer.store;

import java.time.Duration;

/**
 * @param busyTimeoutMs how long SQLite waits for another connection's lock before SQLITE_BUSY
 * @param poolSize      pooled connections (SQLite has one writer; a few readers help the admin)
 * @param dbThreads     threads of the JDBC executor
 * @param busyRetryFor  how long a write that must not be lost keeps retrying after SQLITE_BUSY
 */
public record StoreOptions(int busyTimeoutMs, int poolSize, int dbThreads, Duration busyRetryFor, StoreMetrics metrics) {
    public StoreOptions {
        if (metrics == null) metrics = StoreMetrics.NONE;
    }

    public static StoreOptions defaults() {
        return new StoreOptions(10_000, 4, 4, Duration.ofSeconds(60), StoreMetrics.NONE);
    }

    public StoreOptions withBusyTimeout(int ms) {
        return new StoreOptions(ms, poolSize, dbThreads, busyRetryFor, metrics);
    }

    public StoreOptions withMetrics(StoreMetrics m) {
        return new StoreOptions(busyTimeoutMs, poolSize, dbThreads, busyRetryFor, m);
    }
}
