package org.aava.dialer.server;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.util.concurrent.TimeUnit;

/**
 * The part of a Micrometer timer recorded between two moments: its percentile histogram's cumulative
 * bucket counts at the start are subtracted from those at the end, so warm-up samples don't count.
 * A percentile is reported as the upper bound of the bucket it falls in (a slight overestimate).
 */
final class TimerWindow {
    private final Timer timer;
    private final CountAtBucket[] start;

    TimerWindow(Timer timer) {
        this.timer = timer;
        this.start = timer.takeSnapshot().histogramCounts();
    }

    record Figures(long count, double p50Ms, double p99Ms) {
        @Override
        public String toString() {
            return String.format("%d samples, p50 <= %.1f ms, p99 <= %.1f ms", count, p50Ms, p99Ms);
        }
    }

    Figures close() {
        HistogramSnapshot end = timer.takeSnapshot();
        CountAtBucket[] now = end.histogramCounts();
        double[] counts = new double[now.length];
        for (int i = 0; i < now.length; i++) counts[i] = now[i].count() - (i < start.length ? start[i].count() : 0);
        long total = Math.round(counts.length == 0 ? 0 : counts[counts.length - 1]);
        return new Figures(total, percentile(now, counts, total, 0.50), percentile(now, counts, total, 0.99));
    }

    private static double percentile(CountAtBucket[] buckets, double[] cumulative, long total, double p) {
        if (total == 0) return 0;
        for (int i = 0; i < buckets.length; i++) {
            if (cumulative[i] >= p * total) return buckets[i].bucket(TimeUnit.MILLISECONDS);
        }
        return Double.POSITIVE_INFINITY;
    }
}
