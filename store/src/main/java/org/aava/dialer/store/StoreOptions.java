package org.aava.dialer.store;

import java.time.Duration;

/**
 * How {@link SqliteStore} opens its file.
 *
 * @param busyTimeoutMs how long SQLite itself waits for another connection's lock before SQLITE_BUSY
 * @param poolSize      pooled connections (one writer plus readers)
 * @param dbThreads     threads of the JDBC executor, named {@code aava-db-N}: thread 1 is the single
 *                      writer, the others run reads
 * @param busyRetryFor  how long a write keeps retrying after SQLITE_BUSY before it fails
 * @param metrics       operation-latency hook (no-op by default)
 */
public record StoreOptions(int busyTimeoutMs, int poolSize, int dbThreads, Duration busyRetryFor, StoreMetrics metrics) {
    public static final int DEFAULT_BUSY_TIMEOUT_MS = 10_000;

    public StoreOptions {
        if (busyTimeoutMs < 0) throw new IllegalArgumentException("busyTimeoutMs must not be negative");
        if (dbThreads < 2) dbThreads = 2;
        if (poolSize < dbThreads) poolSize = dbThreads;
        if (busyRetryFor == null || busyRetryFor.isNegative()) busyRetryFor = Duration.ofSeconds(60);
        if (metrics == null) metrics = StoreMetrics.NONE;
    }

    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_BUSY_TIMEOUT_MS, 4, 4, Duration.ofSeconds(60), StoreMetrics.NONE);
    }

    public StoreOptions withBusyTimeout(int ms) {
        return new StoreOptions(ms, poolSize, dbThreads, busyRetryFor, metrics);
    }

    public StoreOptions withBusyRetryFor(Duration d) {
        return new StoreOptions(busyTimeoutMs, poolSize, dbThreads, d, metrics);
    }

    public StoreOptions withThreads(int threads, int pool) {
        return new StoreOptions(busyTimeoutMs, pool, threads, busyRetryFor, metrics);
    }

    public StoreOptions withMetrics(StoreMetrics m) {
        return new StoreOptions(busyTimeoutMs, poolSize, dbThreads, busyRetryFor, m);
    }
}
