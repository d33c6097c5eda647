package org.aava.dialer.core.time;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallingWindowTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");

    private static Instant at(String local, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), zone).toInstant();
    }

    @Test
    void startIsInclusiveAndEndExclusive() {
        CallingWindow w = new CallingWindow(NY, LocalTime.of(9, 0), LocalTime.of(17, 0), null);
        assertFalse(w.isOpen(at("2026-03-02T08:59:59", NY)));
        assertTrue(w.isOpen(at("2026-03-02T09:00:00", NY)));
        assertTrue(w.isOpen(at("2026-03-02T16:59:59", NY)));
        assertFalse(w.isOpen(at("2026-03-02T17:00:00", NY)));
        assertEquals(at("2026-03-03T09:00:00", NY), w.nextOpening(at("2026-03-02T17:00:00", NY)).orElseThrow());
    }

    @Test
    void aWindowCrossingMidnightBelongsToTheDayItStarts() {
        CallingWindow w = new CallingWindow(NY, LocalTime.of(22, 0), LocalTime.of(2, 0), EnumSet.of(DayOfWeek.FRIDAY));
        assertTrue(w.isOpen(at("2026-03-06T23:30:00", NY)), "Friday night");
        assertTrue(w.isOpen(at("2026-03-07T01:30:00", NY)), "early Saturday belongs to Friday's window");
        assertFalse(w.isOpen(at("2026-03-07T23:30:00", NY)), "Saturday night is not listed");
        assertFalse(w.isOpen(at("2026-03-06T01:30:00", NY)), "early Friday belongs to Thursday's window");
        assertEquals(at("2026-03-13T22:00:00", NY), w.nextOpening(at("2026-03-07T03:00:00", NY)).orElseThrow());
    }

    @Test
    void equalStartAndEndMeansAllDay() {
        CallingWindow w = new CallingWindow(NY, LocalTime.NOON, LocalTime.NOON, EnumSet.of(DayOfWeek.MONDAY));
        assertTrue(w.isOpen(at("2026-03-02T00:00:00", NY)));
        assertTrue(w.isOpen(at("2026-03-02T23:59:59", NY)));
        assertFalse(w.isOpen(at("2026-03-03T00:00:00", NY)));
    }

    @Test
    void dstDaysUseTheLocalWallClock() {
        // 2026-03-08: New York springs forward at 02:00 -> 03:00; a window opening at 02:30 opens at 03:00
        CallingWindow w = new CallingWindow(NY, LocalTime.of(2, 30), LocalTime.of(4, 0), null);
        Instant opening = w.nextOpening(at("2026-03-08T00:00:00", NY)).orElseThrow();
        assertEquals(ZonedDateTime.of(2026, 3, 8, 3, 0, 0, 0, NY).toInstant(), opening);
        assertTrue(w.isOpen(opening));
        // 2026-11-01: falls back; 09:00-17:00 is still 09:00-17:00 local (nine hours of real time)
        CallingWindow day = new CallingWindow(NY, LocalTime.of(1, 0), LocalTime.of(3, 0), null);
        Instant firstOne = ZonedDateTime.ofLocal(java.time.LocalDateTime.parse("2026-11-01T01:30"), NY, java.time.ZoneOffset.ofHours(-4)).toInstant();
        Instant secondOne = firstOne.plus(Duration.ofHours(1));
        assertTrue(day.isOpen(firstOne));
        assertTrue(day.isOpen(secondOne), "the repeated 01:30 is also inside the window");
        {
            ZoneId berlin = ZoneId.of("Europe/Berlin");
            CallingWindow b = new CallingWindow(berlin, LocalTime.of(9, 0), LocalTime.of(10, 0), null);
            assertTrue(b.isOpen(at("2026-03-29T09:30:00", berlin)));
            assertFalse(b.isOpen(at("2026-03-29T08:30:00", berlin)));
        }
    }

    @Test
    void zonesAndTimesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseZone("timezone", "Phoenix"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseZone("timezone", "Mars/Olympus"));
        assertEquals(ZoneId.of("America/Phoenix"), CallingWindow.parseZone("timezone", "America/Phoenix"));
        assertEquals(LocalTime.of(9, 5), CallingWindow.parseTime("start", "9:05"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseTime("start", "24:00"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseTime("start", "9am"));
    }

    /** Property: over random zones, windows, day sets and instants, nextOpening is the first open instant. */
    @Test
    void nextOpeningIsTheFirstOpenInstantEverywhere() {
        Random r = new Random(20261124);
        List<String> zones = new ArrayList<>(ZoneId.getAvailableZoneIds());
        zones.sort(null);
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 4000; i++) {
            ZoneId zone = ZoneId.of(zones.get(r.nextInt(zones.size())));
            LocalTime start = LocalTime.of(r.nextInt(24), r.nextInt(4) * 15);
            LocalTime end = LocalTime.of(r.nextInt(24), r.nextInt(4) * 15);
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek d : DayOfWeek.values()) if (r.nextInt(3) > 0) days.add(d);
            if (days.isEmpty()) days.add(DayOfWeek.WEDNESDAY);
            CallingWindow w = new CallingWindow(zone, start, end, days);
            Instant t = base.plusSeconds((long) (r.nextDouble() * 3L * 365 * 86400));
            Instant next = w.nextOpening(t).orElseThrow(() -> new AssertionError("no opening for " + w));
            assertFalse(next.isBefore(t), w + " at " + t);
            assertTrue(w.isOpen(next), w + " not open at its next opening " + next + " from " + t);
            for (Instant probe = t; probe.isBefore(next); probe = probe.plus(Duration.ofMinutes(15))) {
                assertFalse(w.isOpen(probe), w + " open at " + probe + " before its next opening " + next);
            }
            if (next.isAfter(t)) assertFalse(w.isOpen(next.minusSeconds(1)), w + " open just before " + next);
        }
    }

    @Test
    void localHoursLimitTheCalledPartysClock() {
        LocalHours h = LocalHours.DEFAULT;
        ZoneId la = ZoneId.of("America/Los_Angeles");
        assertFalse(h.allows(at("2026-05-01T07:59:00", la), la));
        assertTrue(h.allows(at("2026-05-01T08:00:00", la), la));
        assertTrue(h.allows(at("2026-05-01T20:59:00", la), la));
        assertFalse(h.allows(at("2026-05-01T21:00:00", la), la));
        assertTrue(LocalHours.OFF.allows(at("2026-05-01T03:00:00", la), la));
    }
}
