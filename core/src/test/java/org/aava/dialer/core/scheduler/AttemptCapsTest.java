package org.aava.dialer.core.scheduler;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 24 h cap's clearing time, checked against counting the window by brute force. */
class AttemptCapsTest {
    private static final Instant T = Instant.parse("2026-11-03T12:00:00Z");

    @Test
    void belowTheCapNothingWaitsAndAtTheCapTheOldestCountedAttemptDecides() {
        List<Instant> starts = List.of(T, T.plusSeconds(600), T.plusSeconds(1200));
        assertEquals(Optional.empty(), AttemptCaps.clearsAt(starts, 4));
        assertEquals(Optional.empty(), AttemptCaps.clearsAt(starts, 0), "0 = no cap");
        assertEquals(Optional.of(T.plusSeconds(86_400)), AttemptCaps.clearsAt(starts, 3));
        assertEquals(Optional.of(T.plusSeconds(600 + 86_400)), AttemptCaps.clearsAt(starts, 2));
    }

    @Test
    void atTheClearingTimeTheWindowHoldsOneAttemptFewerThanTheCap() {
        Random random = new Random(16);
        for (int round = 0; round < 2_000; round++) {
            int cap = 1 + random.nextInt(4);
            List<Instant> starts = new ArrayList<>();
            Instant at = T;
            for (int i = random.nextInt(7); i > 0; i--) starts.add(at = at.plusSeconds(1 + random.nextInt(20_000)));
            Optional<Instant> clears = AttemptCaps.clearsAt(starts, cap);
            if (starts.size() < cap) {
                assertTrue(clears.isEmpty());
                continue;
            }
            Instant c = clears.orElseThrow();
            assertTrue(inWindow(starts, c.minusSeconds(1)) >= cap, "still capped a second before");
            assertEquals(cap - 1, inWindow(starts, c), "one fewer than the cap once it clears");
        }
    }

    /** Attempts in the 24 h before {@code now}, start excluded once exactly 24 h old. */
    private static long inWindow(List<Instant> starts, Instant now) {
        return starts.stream().filter(s -> s.isAfter(now.minus(AttemptCaps.WINDOW)) && !s.isAfter(now)).count();
    }
}
