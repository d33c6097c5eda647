package org.aava.dialer.bench.scheduler;

import org.aava.dialer.store.StoreMetrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the store's operations by name and their wall time, to show what an idle scheduler still asks of the database. */
final class OperationCounter implements StoreMetrics {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

    @Override
    public void recordOperation(String name, long took, boolean ok) {
        counts.computeIfAbsent(name, k -> new LongAdder()).increment();
        nanos.computeIfAbsent(name, k -> new LongAdder()).add(took);
    }

    void reset() {
        counts.clear();
        nanos.clear();
    }

    /** name → {count, total wall nanos}, sorted by name. */
    Map<String, long[]> snapshot() {
        Map<String, long[]> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, new long[]{v.sum(), nanos.getOrDefault(k, new LongAdder()).sum()}));
        return out;
    }
}
