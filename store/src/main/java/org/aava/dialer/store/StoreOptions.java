package org.aava.dialer.store;

import org.aava.dialer.core.phone.PhoneNumbers;

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
 * @param phones        how migration V6 re-normalises stored numbers: the node's {@code dial.default_region}
 */
public record StoreOptions(int busyTimeoutMs, int poolSize, int dbThreads, Duration busyRetryFor, StoreMetrics metrics, PhoneNumbers phones) {
    public static final int DEFAULT_BUSY_TIMEOUT_MS = 10_000;

    public StoreOptions {
        if (busyTimeoutMs < 0) throw new IllegalArgumentException("busyTimeoutMs must not be negative");
        if (dbThreads < 2) dbThreads = 2;
        if (poolSize < dbThreads) poolSize = dbThreads;
        if (busyRetryFor == null || busyRetryFor.isNegative()) busyRetryFor = Duration.ofSeconds(60);
        if (metrics == null) metrics = StoreMetrics.NONE;
        if (phones == null) phones = PhoneNumbers.defaults();
    }

    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_BUSY_TIMEOUT_MS, 4, 4, Duration.ofSeconds(60), StoreMetrics.NONE, PhoneNumbers.defaults());
    }

    public StoreOptions withBusyTimeout(int ms) {
        return new StoreOptions(ms, poolSize, dbThreads, busyRetryFor, metrics, phones);
    }

    public StoreOptions withBusyRetryFor(Duration d) {
        return new StoreOptions(busyTimeoutMs, poolSize, dbThreads, d, metrics, phones);
    }

    public StoreOptions withThreads(int threads, int pool) {
        return new StoreOptions(busyTimeoutMs, pool, threads, busyRetryFor, metrics, phones);
    }

    public StoreOptions withPhones(PhoneNumbers p) {
        return new StoreOptions(busyTimeoutMs, poolSize, dbThreads, busyRetryFor, metrics, p);
    }

    public StoreOptions withMetrics(StoreMetrics m) {
        return new StoreOptions(busyTimeoutMs, poolSize, dbThreads, busyRetryFor, m, phones);
    }
}
