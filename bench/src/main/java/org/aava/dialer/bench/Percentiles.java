package org.aava.dialer.bench;

import java.util.Collection;

/** Nearest-rank percentiles of a set of durations in nanoseconds, reported in milliseconds. */
public final class Percentiles {
    private final long[] sorted;

    public Percentiles(Collection<Long> nanos) {
        this.sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    public int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile in ms (NaN when empty). */
    public double millis(double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(sorted.length * p / 100.0);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    public double maxMillis() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms", count(), millis(50), millis(90), millis(99), maxMillis());
    }
}
