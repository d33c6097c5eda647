package org.aava.dialer.core.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** nextDouble() == 0. */
    private static final RandomGenerator LOWEST = () -> 0L;
    /** nextDouble() just below 1. */
    private static final RandomGenerator HIGHEST = () -> -1L;

    @Test
    void delaysGrowByTheBackoffPerAttemptMade() {
        RetryPolicy p = new RetryPolicy(true, 5, Map.of(Outcome.BUSY, Duration.ofMinutes(10)), 2.0, 0.0);
        assertEquals(NOW.plus(Duration.ofMinutes(10)), p.nextAttemptAt(Outcome.BUSY, 1, NOW, LOWEST).orElseThrow());
        assertEquals(NOW.plus(Duration.ofMinutes(20)), p.nextAttemptAt(Outcome.BUSY, 2, NOW, LOWEST).orElseThrow());
        assertEquals(NOW.plus(Duration.ofMinutes(40)), p.nextAttemptAt(Outcome.BUSY, 3, NOW, LOWEST).orElseThrow());
        assertEquals(NOW.plus(Duration.ofMinutes(80)), p.nextAttemptAt(Outcome.BUSY, 4, NOW, LOWEST).orElseThrow());
        assertTrue(p.nextAttemptAt(Outcome.BUSY, 5, NOW, LOWEST).isEmpty(), "max attempts made");
        assertTrue(p.nextAttemptAt(Outcome.BUSY, 6, NOW, LOWEST).isEmpty());
        RetryPolicy flat = new RetryPolicy(true, 3, Map.of(Outcome.NO_ANSWER, Duration.ofMinutes(30)), 1.0, 0.0);
        assertEquals(NOW.plus(Duration.ofMinutes(30)), flat.nextAttemptAt(Outcome.NO_ANSWER, 2, NOW, LOWEST).orElseThrow());
        assertEquals(NOW.plus(Duration.ofMinutes(10)), p.nextAttemptAt(Outcome.BUSY, 0, NOW, LOWEST).orElseThrow(),
                "zero attempts made is treated as the first");
    }

    @Test
    void jitterStaysWithinItsFraction() {
        RetryPolicy p = new RetryPolicy(true, 10, Map.of(Outcome.CONGESTION, Duration.ofMinutes(5)), 1.5, 0.2);
        for (int made = 1; made < 10; made++) {
            long base = (long) (Duration.ofMinutes(5).toMillis() * Math.pow(1.5, made - 1));
            assertEquals(NOW.plusMillis(base), p.nextAttemptAt(Outcome.CONGESTION, made, NOW, LOWEST).orElseThrow());
            Instant highest = p.nextAttemptAt(Outcome.CONGESTION, made, NOW, HIGHEST).orElseThrow();
            assertTrue(highest.isBefore(NOW.plusMillis((long) (base * 1.2) + 2)), highest.toString());
            assertTrue(highest.isAfter(NOW.plusMillis((long) (base * 1.19))), "the spread is really used: " + highest);
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            int made = 1 + r.nextInt(9);
            long base = (long) (Duration.ofMinutes(5).toMillis() * Math.pow(1.5, made - 1));
            Instant at = p.nextAttemptAt(Outcome.CONGESTION, made, NOW, r).orElseThrow();
            assertFalse(at.isBefore(NOW.plusMillis(base)), at.toString());
            assertTrue(at.isBefore(NOW.plusMillis((long) (base * 1.2) + 2)), at.toString());
        }
    }

    @Test
    void outcomesThatNeverRetry() {
        Set<Outcome> retryable = EnumSet.of(Outcome.BUSY, Outcome.NO_ANSWER, Outcome.CONGESTION, Outcome.CHANUNAVAIL, Outcome.ERROR);
        for (Outcome o : Outcome.values()) assertEquals(retryable.contains(o), o.retryable(), o.wire());
        RetryPolicy all = new RetryPolicy(true, 5, RetryPolicy.defaultDelays(), 2.0, 0.1);
        for (Outcome o : Outcome.values()) {
            assertEquals(retryable.contains(o), all.nextAttemptAt(o, 1, NOW, LOWEST).isPresent(), o.wire());
        }
        for (Outcome never : EnumSet.complementOf(EnumSet.copyOf(retryable))) {
            assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 3, Map.of(never, Duration.ofMinutes(1)), 1, 0),
                    never.wire() + " cannot get a delay");
        }
    }

    @Test
    void offByDefaultAndWithoutADelayNoRetry() {
        assertFalse(RetryPolicy.OFF.enabled());
        for (Outcome o : Outcome.values()) assertTrue(RetryPolicy.OFF.nextAttemptAt(o, 1, NOW, LOWEST).isEmpty());
        RetryPolicy disabled = new RetryPolicy(false, 5, RetryPolicy.defaultDelays(), 2.0, 0.0);
        assertTrue(disabled.nextAttemptAt(Outcome.BUSY, 1, NOW, LOWEST).isEmpty(), "configured but switched off");
        RetryPolicy busyOnly = new RetryPolicy(true, 5, Map.of(Outcome.BUSY, Duration.ofMinutes(1)), 2.0, 0.0);
        assertTrue(busyOnly.nextAttemptAt(Outcome.NO_ANSWER, 1, NOW, LOWEST).isEmpty(), "no delay configured for no_answer");
        RetryPolicy single = new RetryPolicy(true, 1, Map.of(Outcome.BUSY, Duration.ofMinutes(1)), 2.0, 0.0);
        assertTrue(single.nextAttemptAt(Outcome.BUSY, 1, NOW, LOWEST).isEmpty(), "one attempt allowed, one made");
    }

    @Test
    void validation() {
        Map<Outcome, Duration> d = Map.of(Outcome.BUSY, Duration.ofMinutes(1));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 0, d, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 21, d, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 3, d, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 3, d, 10.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 3, d, 1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 3, d, 1, 0.51));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 3, Map.of(Outcome.BUSY, Duration.ofMinutes(-1)), 1, 0));
        assertEquals(Map.of(), new RetryPolicy(true, 3, null, 1, 0).delays());
        new RetryPolicy(true, 20, d, 10, 0.5);
        new RetryPolicy(true, 1, d, 1, 0);
    }
}
