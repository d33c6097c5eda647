package org.aava.dialer.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed attempt puts its lead back in the queue. Off by default: a dialer that redials
 * without being asked is a compliance problem. Delays grow by {@code backoffMultiplier} per attempt
 * already made and get up to {@code jitterFraction} of random spread so retries do not synchronise.
 */
public record RetryPolicy(boolean enabled, int maxAttempts, Map<Outcome, Duration> delays,
                          double backoffMultiplier, double jitterFraction) {

    public static final RetryPolicy OFF = new RetryPolicy(false, 1, Map.of(), 1.0, 0.0);

    /** Sensible delays for when an operator switches retries on without tuning them. */
    public static Map<Outcome, Duration> defaultDelays() {
        Map<Outcome, Duration> d = new EnumMap<>(Outcome.class);
        d.put(Outcome.BUSY, Duration.ofMinutes(10));
        d.put(Outcome.NO_ANSWER, Duration.ofMinutes(30));
        d.put(Outcome.CONGESTION, Duration.ofMinutes(5));
        d.put(Outcome.CHANUNAVAIL, Duration.ofMinutes(30));
        d.put(Outcome.ERROR, Duration.ofMinutes(15));
        return d;
    }

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 20) throw new IllegalArgumentException("retry.max_attempts must be between 1 and 20");
        if (backoffMultiplier < 1.0 || backoffMultiplier > 10.0) throw new IllegalArgumentException("retry.backoff_multiplier must be between 1 and 10");
        if (jitterFraction < 0 || jitterFraction > 0.5) throw new IllegalArgumentException("retry.jitter must be between 0 and 0.5");
        delays = delays == null ? Map.of() : Map.copyOf(delays);
        for (Map.Entry<Outcome, Duration> e : delays.entrySet()) {
            if (!e.getKey().retryable()) throw new IllegalArgumentException("retry.delays: outcome " + e.getKey().wire() + " never retries");
            if (e.getValue().isNegative()) throw new IllegalArgumentException("retry.delays." + e.getKey().wire() + " must not be negative");
        }
    }

    /**
     * When to dial again after an attempt closed with {@code outcome}, given the attempts made so far
     * (including this one); empty when the lead should not be retried.
     */
    public Optional<Instant> nextAttemptAt(Outcome outcome, int attemptsMade, Instant now, RandomGenerator random) {
        if (!enabled || !outcome.retryable() || attemptsMade >= maxAttempts) return Optional.empty();
        Duration base = delays.get(outcome);
        if (base == null) return Optional.empty();
        double factor = Math.pow(backoffMultiplier, Math.max(0, attemptsMade - 1));
        double millis = base.toMillis() * factor;
        if (jitterFraction > 0) millis += millis * jitterFraction * random.nextDouble();
        return Optional.of(now.plusMillis((long) millis));
    }
}
