package org.aava.dialer.store;

/**
 * Hook for the server's metrics (e.g. Micrometer timers). Called on the store's own threads after
 * every operation; implementations must be cheap and must not throw.
 */
public interface StoreMetrics {
    /**
     * @param name  the operation, e.g. {@code lead.lease}, {@code attempt.close}
     * @param nanos wall time including queueing for the write lock and busy retries
     * @param ok    false when the operation failed
     */
    void recordOperation(String name, long nanos, boolean ok);

    /** One write transaction committed (each call-path write, each slice transaction of a bulk write). */
    default void recordWriteTransaction(String name) {
    }

    /** A write found the database locked by another connection or process and will be retried. */
    default void recordBusyRetry(String name) {
    }

    StoreMetrics NONE = (name, nanos, ok) -> { };
}
