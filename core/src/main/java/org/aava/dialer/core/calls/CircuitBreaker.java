package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pauses a campaign after {@code threshold} consecutive {@code error} outcomes within {@code window}:
 * a broken trunk or dialplan should not burn through a lead list.
 */
public final class CircuitBreaker {
    private final int threshold;
    private final Duration window;
    private final Map<Long, Deque<Instant>> streaks = new ConcurrentHashMap<>();

    public CircuitBreaker(int threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    /** Records an outcome; returns the reason to pause when this outcome trips the breaker. */
    public Optional<String> record(long campaignId, Outcome outcome, String detail, Instant now) {
        if (threshold <= 0) return Optional.empty();
        Deque<Instant> streak = streaks.computeIfAbsent(campaignId, k -> new ArrayDeque<>());
        synchronized (streak) {
            if (outcome != Outcome.ERROR) {
                streak.clear();
                return Optional.empty();
            }
            streak.addLast(now);
            while (!streak.isEmpty() && streak.peekFirst().isBefore(now.minus(window))) streak.removeFirst();
            if (streak.size() < threshold) return Optional.empty();
            streak.clear();
            return Optional.of("circuit breaker: " + threshold + " consecutive errors within " + window.toMinutes()
                    + " min (last: " + (detail == null ? "unknown" : detail) + ")");
        }
    }

    public void reset(long campaignId) {
        streaks.remove(campaignId);
    }
}
