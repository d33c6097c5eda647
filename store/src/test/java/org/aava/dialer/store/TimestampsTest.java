package org.aava.dialer.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hand-written format and parse agree with java.time's on random instants, and keep string order. */
class TimestampsTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        String previous = null;
        Instant previousInstant = null;
        for (int i = 0; i < 20_000; i++) {
            // half over all years, half near now (where the data is)
            long second = i % 2 == 0 ? random.nextLong(min, max + 1) : 1_700_000_000L + random.nextLong(400_000_000L);
            Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            String text = Timestamps.format(instant);
            assertEquals(REFERENCE.format(instant), text, "seed " + seed);
            assertEquals(instant.truncatedTo(ChronoUnit.MILLIS), Timestamps.parse(text), "seed " + seed + ": " + text);
            assertEquals(Instant.parse(text), Timestamps.parse(text), "seed " + seed);
            if (previous != null) {
                assertEquals(Integer.signum(previousInstant.truncatedTo(ChronoUnit.MILLIS).compareTo(instant.truncatedTo(ChronoUnit.MILLIS))),
                        Integer.signum(previous.compareTo(text)), "string order is time order; seed " + seed);
            }
            previous = text;
            previousInstant = instant;
        }
    }

    @Test
    void otherIsoFormsStillParseAndBadTextIsRefused() {
        assertEquals(Instant.parse("2026-11-30T08:26:47Z"), Timestamps.parse("2026-11-30T08:26:47Z"));
        assertEquals(Instant.parse("2026-11-30T08:26:47.123456Z"), Timestamps.parse("2026-11-30T08:26:47.123456Z"));
        assertEquals(Instant.parse("2026-11-30T08:26:47.123Z"), Timestamps.parse("2026-11-30T08:26:47.123+00:00"));
        assertNull(Timestamps.parse(null));
        assertNull(Timestamps.parse(" "));
        assertNull(Timestamps.format(null));
        assertThrows(java.time.DateTimeException.class, () -> Timestamps.parse("2026-02-30T08:26:47.123Z"));
        assertThrows(java.time.DateTimeException.class, () -> Timestamps.parse("2026-11-30 08:26:47.123Z"));
        Instant farOff = Instant.parse("+10000-01-01T00:00:00Z");
        assertEquals(REFERENCE.format(farOff), Timestamps.format(farOff), "years past 9999 as before");
    }
}
