package org.aava.dialer.store;

/** Latency of each store operation, for the server's metrics. */
public interface StoreMetrics {
    void recordOperation(String name, long nanos, boolean ok);

    StoreMetrics NONE = (name, nanos, ok) -> { };
}
