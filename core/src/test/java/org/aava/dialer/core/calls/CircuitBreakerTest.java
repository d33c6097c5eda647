package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    @Test
    void tripsOnTheNthConsecutiveErrorWithAReason() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofMinutes(5));
        assertTrue(b.record(1, Outcome.ERROR, "x", T0).isEmpty());
        assertTrue(b.record(1, Outcome.ERROR, "x", T0.plusSeconds(1)).isEmpty());
        String reason = b.record(1, Outcome.ERROR, "originate failed: HTTP 400: Allocation failed", T0.plusSeconds(2)).orElseThrow();
        assertEquals("circuit breaker: 3 consecutive errors within 5 min (last: originate failed: HTTP 400: Allocation failed)", reason);
        assertTrue(b.record(1, Outcome.ERROR, "x", T0.plusSeconds(3)).isEmpty(), "the streak starts over after tripping");
    }

    @Test
    void anyOtherOutcomeBreaksTheStreakAndCampaignsAreSeparate() {
        CircuitBreaker b = new CircuitBreaker(2, Duration.ofMinutes(5));
        assertTrue(b.record(1, Outcome.ERROR, null, T0).isEmpty());
        assertTrue(b.record(2, Outcome.ERROR, null, T0).isEmpty(), "another campaign's error does not count");
        assertTrue(b.record(1, Outcome.BUSY, null, T0).isEmpty());
        assertTrue(b.record(1, Outcome.ERROR, null, T0).isEmpty(), "streak restarted by busy");
        assertTrue(b.record(2, Outcome.ERROR, null, T0).orElseThrow().endsWith("(last: unknown)"));
        b.reset(1);
        assertTrue(b.record(1, Outcome.ERROR, null, T0).isEmpty(), "reset clears the streak");
    }

    @Test
    void errorsOlderThanTheWindowDoNotCount() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofMinutes(5));
        b.record(1, Outcome.ERROR, null, T0);
        b.record(1, Outcome.ERROR, null, T0.plus(Duration.ofMinutes(4)));
        assertTrue(b.record(1, Outcome.ERROR, null, T0.plus(Duration.ofMinutes(6))).isEmpty(), "the first fell out of the window");
        assertTrue(b.record(1, Outcome.ERROR, null, T0.plus(Duration.ofMinutes(7))).isPresent());
    }

    @Test
    void zeroThresholdIsOff() {
        CircuitBreaker b = new CircuitBreaker(0, Duration.ofMinutes(5));
        for (int i = 0; i < 100; i++) assertTrue(b.record(1, Outcome.ERROR, null, T0).isEmpty());
    }
}
