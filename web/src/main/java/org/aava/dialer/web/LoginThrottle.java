package org.aava.dialer.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An expiring, growing delay after failed attempts, per key (a client address, or an account). A few failures are
 * free; after them each failure doubles the wait before the next attempt, up to a cap, and a key's record is
 * forgotten once it has been quiet for {@link #forgetAfter}. It never locks anyone out for good: once the delay has
 * passed the right secret works, without a restart.
 */
final class LoginThrottle {
    private record Entry(int failures, Instant lastFailure, Instant nextAllowed) {
    }

    /** Entries kept at most: past this the quiet ones are pruned, and then the oldest. */
    private static final int MAX_ENTRIES = 100_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int freeFailures;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration forgetAfter;

    LoginThrottle(Clock clock, int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter) {
        this.clock = clock;
        this.freeFailures = freeFailures;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.forgetAfter = forgetAfter;
    }

    /** How long the key must still wait before its next attempt; zero if it may try now. */
    Duration wait(String key) {
        Entry e = entries.get(key);
        if (e == null) return Duration.ZERO;
        Instant now = clock.instant();
        if (now.isAfter(e.lastFailure().plus(forgetAfter))) {
            entries.remove(key, e);
            return Duration.ZERO;
        }
        return e.nextAllowed().isAfter(now) ? Duration.between(now, e.nextAllowed()) : Duration.ZERO;
    }

    /** Records a failure; returns the delay now imposed (zero while the failures are still free). */
    Duration failed(String key) {
        Instant now = clock.instant();
        Entry e = entries.compute(key, (k, old) -> {
            int n = old == null || now.isAfter(old.lastFailure().plus(forgetAfter)) ? 1 : old.failures() + 1;
            return new Entry(n, now, now.plus(delayAfter(n)));
        });
        if (entries.size() > MAX_ENTRIES) prune();
        return Duration.between(now, e.nextAllowed());
    }

    void succeeded(String key) {
        entries.remove(key);
    }

    Duration delayAfter(int failures) {
        if (failures <= freeFailures) return Duration.ZERO;
        int doublings = Math.min(30, failures - freeFailures - 1);
        Duration d = firstDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    int size() {
        return entries.size();
    }

    /** Drops the records that are quiet long enough to be forgotten (sessions' and counters' memory stays bounded). */
    void prune() {
        Instant cutoff = clock.instant().minus(forgetAfter);
        entries.values().removeIf(e -> e.lastFailure().isBefore(cutoff));
        if (entries.size() > MAX_ENTRIES) {
            // an address flood: keep the newest half
            entries.entrySet().stream().sorted(Map.Entry.comparingByValue((a, b) -> a.lastFailure().compareTo(b.lastFailure())))
                    .limit(entries.size() - MAX_ENTRIES / 2).map(Map.Entry::getKey).toList().forEach(entries::remove);
        }
    }
}
