package org.aava.dialer.core.time;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
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
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String local, ZoneId zone) {
        return ZonedDateTime.of(LocalDateTime.parse(local), zone).toInstant();
    }

    private static Instant at(String local, ZoneId zone, int offsetHours) {
        return ZonedDateTime.ofLocal(LocalDateTime.parse(local), zone, ZoneOffset.ofHours(offsetHours)).toInstant();
    }

    private static CallingWindow window(ZoneId zone, String start, String end, DayOfWeek... days) {
        return new CallingWindow(zone, LocalTime.parse(start), LocalTime.parse(end),
                days.length == 0 ? null : EnumSet.of(days[0], days));
    }

    @Test
    void startIsInclusiveAndEndExclusive() {
        CallingWindow w = window(NY, "09:00", "17:00");
        assertFalse(w.isOpen(at("2026-03-02T08:59:59", NY)));
        assertFalse(w.isOpen(at("2026-03-02T09:00:00", NY).minusNanos(1)));
        assertTrue(w.isOpen(at("2026-03-02T09:00:00", NY)));
        assertTrue(w.isOpen(at("2026-03-02T16:59:59.999999999", NY)));
        assertFalse(w.isOpen(at("2026-03-02T17:00:00", NY)));
        assertEquals(at("2026-03-03T09:00:00", NY), w.nextOpening(at("2026-03-02T17:00:00", NY)).orElseThrow());
        assertEquals(at("2026-03-02T09:00:00", NY), w.nextOpening(at("2026-03-02T08:59:59", NY)).orElseThrow());
        Instant open = at("2026-03-02T12:00:00", NY);
        assertEquals(open, w.nextOpening(open).orElseThrow(), "an open window opens now");
    }

    @Test
    void daysOfWeekAreTheZonesLocalDays() {
        // Monday 2026-03-02 09:30 in New York is 14:30 UTC; Friday-only window opens Friday 2026-03-06
        CallingWindow fridays = window(NY, "09:00", "17:00", DayOfWeek.FRIDAY);
        assertFalse(fridays.isOpen(at("2026-03-02T09:30:00", NY)));
        assertEquals(at("2026-03-06T09:00:00", NY), fridays.nextOpening(at("2026-03-02T09:30:00", NY)).orElseThrow());
        assertEquals(at("2026-03-13T09:00:00", NY), fridays.nextOpening(at("2026-03-06T17:00:00", NY)).orElseThrow(),
                "after Friday's window the next one is a week later");
        // Friday 23:30 in Tokyo is still Friday there, though Friday 14:30 UTC
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        CallingWindow tokyoFriday = window(tokyo, "23:00", "23:59", DayOfWeek.FRIDAY);
        assertTrue(tokyoFriday.isOpen(at("2026-03-06T23:30:00", tokyo)));
        assertFalse(tokyoFriday.isOpen(at("2026-03-07T23:30:00", tokyo)));
        CallingWindow weekdays = window(NY, "09:00", "17:00", DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertEquals(at("2026-03-09T09:00:00", NY), weekdays.nextOpening(at("2026-03-06T18:00:00", NY)).orElseThrow(),
                "Friday evening -> Monday morning");
    }

    @Test
    void aWindowCrossingMidnightBelongsToTheDayItStarts() {
        CallingWindow w = window(NY, "22:00", "02:00", DayOfWeek.FRIDAY);
        assertTrue(w.crossesMidnight());
        assertFalse(w.isOpen(at("2026-03-06T21:59:59", NY)));
        assertTrue(w.isOpen(at("2026-03-06T22:00:00", NY)), "Friday night, start inclusive");
        assertTrue(w.isOpen(at("2026-03-07T00:00:00", NY)), "midnight");
        assertTrue(w.isOpen(at("2026-03-07T01:59:59", NY)), "early Saturday belongs to Friday's window");
        assertFalse(w.isOpen(at("2026-03-07T02:00:00", NY)), "end exclusive");
        assertFalse(w.isOpen(at("2026-03-07T23:30:00", NY)), "Saturday night is not listed");
        assertFalse(w.isOpen(at("2026-03-06T01:30:00", NY)), "early Friday belongs to Thursday's window");
        assertEquals(at("2026-03-13T22:00:00", NY), w.nextOpening(at("2026-03-07T03:00:00", NY)).orElseThrow());
        assertEquals(at("2026-03-06T22:00:00", NY), w.nextOpening(at("2026-03-06T01:00:00", NY)).orElseThrow());
        // every day: open late evening and early morning, closed in between
        CallingWindow nightly = window(NY, "20:00", "08:00");
        assertTrue(nightly.isOpen(at("2026-03-03T07:59:00", NY)));
        assertFalse(nightly.isOpen(at("2026-03-03T08:00:00", NY)));
        assertEquals(at("2026-03-03T20:00:00", NY), nightly.nextOpening(at("2026-03-03T08:00:00", NY)).orElseThrow());
    }

    @Test
    void equalStartAndEndMeansAllDay() {
        CallingWindow w = window(NY, "12:00", "12:00", DayOfWeek.MONDAY);
        assertTrue(w.allDay());
        assertTrue(w.isOpen(at("2026-03-02T00:00:00", NY)));
        assertTrue(w.isOpen(at("2026-03-02T12:00:00", NY)));
        assertTrue(w.isOpen(at("2026-03-02T23:59:59", NY)));
        assertFalse(w.isOpen(at("2026-03-03T00:00:00", NY)));
        assertFalse(w.isOpen(at("2026-03-01T23:59:59", NY)));
        assertEquals(at("2026-03-09T00:00:00", NY), w.nextOpening(at("2026-03-03T00:00:00", NY)).orElseThrow());
        CallingWindow always = window(NY, "00:00", "00:00");
        assertTrue(always.isOpen(at("2026-03-08T02:30:00", NY)));
    }

    @Test
    void springForwardInNewYork() {
        // 2026-03-08: New York jumps from 02:00 EST to 03:00 EDT (07:00 UTC); 02:30 does not exist
        CallingWindow w = window(NY, "02:30", "04:00");
        Instant jump = Instant.parse("2026-03-08T07:00:00Z");
        Instant opening = w.nextOpening(at("2026-03-08T00:00:00", NY)).orElseThrow();
        assertEquals(jump, opening, "a window opening inside the gap opens when the clock jumps past it");
        assertTrue(w.isOpen(opening));
        assertFalse(w.isOpen(jump.minusSeconds(1)), "01:59:59 EST");
        assertFalse(w.isOpen(at("2026-03-08T04:00:00", NY)));
        assertEquals(Duration.ofHours(1), Duration.between(opening, at("2026-03-08T04:00:00", NY)),
                "only one real hour of calling that day");
        assertEquals(at("2026-03-09T02:30:00", NY), w.nextOpening(at("2026-03-08T04:00:00", NY)).orElseThrow(), "normal again the day after");
        // a window entirely inside the gap does not open that day at all
        CallingWindow inGap = window(NY, "02:10", "02:50");
        assertEquals(at("2026-03-09T02:10:00", NY), inGap.nextOpening(at("2026-03-08T00:00:00", NY)).orElseThrow());
        // a 09:00-17:00 window is eight real hours, opening at 13:00 UTC instead of 14:00
        CallingWindow office = window(NY, "09:00", "17:00");
        assertEquals(Instant.parse("2026-03-09T13:00:00Z"), office.nextOpening(Instant.parse("2026-03-09T05:00:00Z")).orElseThrow());
        assertEquals(Instant.parse("2026-03-06T14:00:00Z"), office.nextOpening(Instant.parse("2026-03-06T05:00:00Z")).orElseThrow());
    }

    @Test
    void fallBackInNewYork() {
        // 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:00-02:00 happens twice
        CallingWindow w = window(NY, "01:00", "03:00");
        Instant firstHalfPast = at("2026-11-01T01:30", NY, -4);
        Instant secondHalfPast = at("2026-11-01T01:30", NY, -5);
        assertEquals(Duration.ofHours(1), Duration.between(firstHalfPast, secondHalfPast));
        assertTrue(w.isOpen(firstHalfPast));
        assertTrue(w.isOpen(secondHalfPast), "the repeated 01:30 is also inside the window");
        assertEquals(at("2026-11-01T01:00", NY, -4), w.nextOpening(at("2026-11-01T00:00", NY)).orElseThrow(), "the first 01:00");
        assertEquals(Duration.ofHours(3), Duration.between(at("2026-11-01T01:00", NY, -4), at("2026-11-01T03:00", NY)),
                "three real hours that day");
        // a window inside the repeated hour opens twice: nextOpening after the first pass is the second
        CallingWindow repeated = window(NY, "01:15", "01:45");
        Instant afterFirst = at("2026-11-01T01:50", NY, -4);
        assertFalse(repeated.isOpen(afterFirst));
        assertEquals(at("2026-11-01T01:15", NY, -5), repeated.nextOpening(afterFirst).orElseThrow());
        // when the clock is turned back into a window, the window opens at the transition itself
        CallingWindow straddling = window(NY, "00:30", "01:30");
        Instant afterFirstPass = at("2026-11-01T01:45", NY, -4);
        assertFalse(straddling.isOpen(afterFirstPass));
        assertEquals(Instant.parse("2026-11-01T06:00:00Z"), straddling.nextOpening(afterFirstPass).orElseThrow(),
                "at 02:00 EDT the clock reads 01:00 EST, inside 00:30-01:30");
    }

    @Test
    void dstDaysInBerlin() {
        // 2026-03-29: 02:00 CET -> 03:00 CEST (01:00 UTC); 2026-10-25: 03:00 CEST -> 02:00 CET (01:00 UTC)
        CallingWindow opensInGap = window(BERLIN, "02:30", "06:00");
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), opensInGap.nextOpening(at("2026-03-28T23:00:00", BERLIN)).orElseThrow());
        assertTrue(opensInGap.isOpen(Instant.parse("2026-03-29T01:00:00Z")));
        assertFalse(opensInGap.isOpen(Instant.parse("2026-03-29T00:59:59Z")));
        CallingWindow b = window(BERLIN, "09:00", "10:00");
        assertTrue(b.isOpen(at("2026-03-29T09:30:00", BERLIN)));
        assertFalse(b.isOpen(at("2026-03-29T08:30:00", BERLIN)));
        assertEquals(Instant.parse("2026-03-29T07:00:00Z"), b.nextOpening(Instant.parse("2026-03-29T00:00:00Z")).orElseThrow(),
                "09:00 CEST");
        assertEquals(Instant.parse("2026-03-28T08:00:00Z"), b.nextOpening(Instant.parse("2026-03-28T00:00:00Z")).orElseThrow(),
                "09:00 CET the day before");
        CallingWindow autumn = window(BERLIN, "02:15", "02:45");
        Instant first = at("2026-10-25T02:15", BERLIN, 2);
        Instant second = at("2026-10-25T02:15", BERLIN, 1);
        assertEquals(first, autumn.nextOpening(at("2026-10-25T00:00:00", BERLIN)).orElseThrow());
        assertEquals(second, autumn.nextOpening(first.plus(Duration.ofMinutes(30))).orElseThrow(), "the repeated 02:15");
        assertTrue(autumn.isOpen(second.plus(Duration.ofMinutes(29))));
        // crossing midnight over a DST night still belongs to the start day
        CallingWindow saturdayNight = window(BERLIN, "22:00", "04:00", DayOfWeek.SATURDAY);
        assertTrue(saturdayNight.isOpen(Instant.parse("2026-03-29T01:30:00Z")), "03:30 CEST Sunday belongs to Saturday");
        assertFalse(saturdayNight.isOpen(at("2026-03-29T04:00:00", BERLIN)));
    }

    @Test
    void noDaysMeansEveryDayAndValidation() {
        assertEquals(EnumSet.allOf(DayOfWeek.class), new CallingWindow(NY, LocalTime.NOON, LocalTime.MIDNIGHT, Set.of()).days());
        assertThrows(IllegalArgumentException.class, () -> new CallingWindow(null, LocalTime.NOON, LocalTime.MIDNIGHT, null));
        assertThrows(IllegalArgumentException.class, () -> new CallingWindow(NY, null, LocalTime.MIDNIGHT, null));
    }

    @Test
    void zonesAndTimesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseZone("timezone", "Phoenix"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseZone("timezone", "EST"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseZone("timezone", "Mars/Olympus"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseZone("timezone", " "));
        assertEquals(ZoneId.of("America/Phoenix"), CallingWindow.parseZone("timezone", "America/Phoenix"));
        assertEquals(ZoneId.of("UTC"), CallingWindow.parseZone("timezone", "UTC"));
        assertEquals(LocalTime.of(9, 5), CallingWindow.parseTime("start", "9:05"));
        assertEquals(LocalTime.of(23, 59), CallingWindow.parseTime("start", "23:59"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseTime("start", "24:00"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseTime("start", "9am"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseTime("start", "09:60"));
        assertThrows(IllegalArgumentException.class, () -> CallingWindow.parseTime("start", null));
    }

    // ---------------------------------------------------------------- properties

    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();
    private static final Instant FROM = Instant.parse("2022-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2029-01-01T00:00:00Z");

    /** A random instant in 2022-2028, a third of the time within hours of one of the zone's offset transitions. */
    static Instant randomInstant(Random r, ZoneId zone) {
        Instant t = FROM.plusSeconds((long) (r.nextDouble() * Duration.between(FROM, TO).toSeconds()));
        if (r.nextInt(3) == 0) {
            ZoneOffsetTransition tr = zone.getRules().nextTransition(t);
            if (tr != null && tr.getInstant().isBefore(TO)) {
                t = tr.getInstant().plusSeconds(r.nextInt(6 * 3600) - 3 * 3600);
            }
        }
        return r.nextInt(4) == 0 ? t : t.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    /** Window times on a 15-minute grid, half of the time at the local time of a nearby transition. */
    static LocalTime randomTime(Random r, ZoneId zone, Instant near) {
        if (r.nextInt(4) == 0) {
            ZoneOffsetTransition tr = zone.getRules().nextTransition(near.minus(Duration.ofDays(3)));
            if (tr != null) {
                LocalDateTime around = r.nextBoolean() ? tr.getDateTimeBefore() : tr.getDateTimeAfter();
                return around.toLocalTime().plusMinutes((r.nextInt(9) - 4) * 15L);
            }
        }
        return LocalTime.of(r.nextInt(24), r.nextInt(4) * 15);
    }

    static Set<DayOfWeek> randomDays(Random r) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        int mode = r.nextInt(4);
        for (DayOfWeek d : DayOfWeek.values()) if (mode == 0 || r.nextInt(3) > 0 || (mode == 1 && r.nextInt(4) == 0)) days.add(d);
        if (mode == 3) {
            days.clear();
            days.add(DayOfWeek.of(1 + r.nextInt(7)));
        }
        if (days.isEmpty()) days.add(DayOfWeek.WEDNESDAY);
        return days;
    }

    /**
     * Checks that {@code next} is the first open instant at or after {@code t}: it is open, not before
     * {@code t}, and nothing sampled between them (every 15 minutes, every offset transition, just before) is.
     */
    static void assertFirstOpening(CallingWindow w, Instant t, Instant next) {
        assertFalse(next.isBefore(t), () -> w + " at " + t + ": next opening " + next + " is in the past");
        assertTrue(w.isOpen(next), () -> w + " not open at its next opening " + next + " from " + t);
        for (Instant probe = t; probe.isBefore(next); probe = probe.plus(Duration.ofMinutes(15))) {
            Instant p = probe;
            assertFalse(w.isOpen(p), () -> w + " open at " + p + " before its next opening " + next + " from " + t);
        }
        for (ZoneOffsetTransition tr = w.zone().getRules().nextTransition(t); tr != null && tr.getInstant().isBefore(next);
             tr = w.zone().getRules().nextTransition(tr.getInstant())) {
            Instant p = tr.getInstant();
            assertFalse(w.isOpen(p), () -> w + " open at transition " + p + " before its next opening " + next + " from " + t);
        }
        if (next.isAfter(t)) {
            Instant before = next.minusNanos(1).isBefore(t) ? t : next.minusNanos(1);
            assertFalse(w.isOpen(before), () -> w + " open just before " + next);
            assertFalse(w.isOpen(next.minusSeconds(60).isBefore(t) ? t : next.minusSeconds(60)), () -> w + " open a minute before " + next);
        }
    }

    /** Property: over random zones, windows, day sets and instants, nextOpening is the first open instant. */
    @Test
    void nextOpeningIsTheFirstOpenInstantEverywhere() {
        Random r = new Random(20261124);
        for (int i = 0; i < 20_000; i++) {
            ZoneId zone = ZoneId.of(ZONES.get(r.nextInt(ZONES.size())));
            Instant t = randomInstant(r, zone);
            CallingWindow w = new CallingWindow(zone, randomTime(r, zone, t), randomTime(r, zone, t), randomDays(r));
            Instant next = w.nextOpening(t).orElseThrow(() -> new AssertionError("no opening for " + w));
            assertFirstOpening(w, t, next);
            assertEquals(next, w.nextOpening(next).orElseThrow(), "idempotent at an opening");
            if (w.isOpen(t)) assertEquals(t, next);
        }
    }

    @Test
    void theWindowIsOpenTheRightShareOfAnOrdinaryWeek() {
        // a cross-check of isOpen by counting: 09:00-17:00 on weekdays is 40 hours a week (no DST in the week)
        CallingWindow w = window(NY, "09:00", "17:00", DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        int open = 0;
        for (Instant p = Instant.parse("2026-05-04T00:00:00Z"); p.isBefore(Instant.parse("2026-05-11T00:00:00Z")); p = p.plusSeconds(60)) {
            if (w.isOpen(p)) open++;
        }
        assertEquals(40 * 60, open);
        CallingWindow night = window(NY, "22:00", "02:00", DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        int nightOpen = 0;
        for (Instant p = Instant.parse("2026-05-04T00:00:00Z"); p.isBefore(Instant.parse("2026-05-11T00:00:00Z")); p = p.plusSeconds(60)) {
            if (night.isOpen(p)) nightOpen++;
        }
        assertEquals(8 * 60, nightOpen, "two 4-hour nights");
    }

    // ---------------------------------------------------------------- local hours

    @Test
    void localHoursLimitTheCalledPartysClock() {
        LocalHours h = LocalHours.DEFAULT;
        ZoneId la = ZoneId.of("America/Los_Angeles");
        assertFalse(h.allows(at("2026-05-01T07:59:59", la), la));
        assertTrue(h.allows(at("2026-05-01T08:00:00", la), la));
        assertTrue(h.allows(at("2026-05-01T20:59:59", la), la));
        assertFalse(h.allows(at("2026-05-01T21:00:00", la), la));
        assertFalse(h.allows(at("2026-05-01T03:00:00", la), la));
        assertTrue(LocalHours.OFF.allows(at("2026-05-01T03:00:00", la), la));
        // the same instant is fine in London and too late in Tokyo
        Instant noonUtc = Instant.parse("2026-05-01T12:00:00Z");
        assertTrue(h.allows(noonUtc, ZoneId.of("Europe/London")));
        assertFalse(h.allows(noonUtc, ZoneId.of("Asia/Tokyo")), "21:00 in Tokyo");
        assertFalse(h.allows(noonUtc, la), "05:00 in Los Angeles");
        assertEquals(Instant.parse("2026-05-01T15:00:00Z"), h.asWindow(la).nextOpening(noonUtc).orElseThrow(), "08:00 PDT");
        assertEquals(Instant.parse("2026-05-01T23:00:00Z"), h.asWindow(ZoneId.of("Asia/Tokyo")).nextOpening(noonUtc).orElseThrow(),
                "08:00 the next morning in Tokyo");
        // on a spring-forward day in New York 08:00 is 12:00 UTC, the day before it was 13:00 UTC
        assertEquals(Instant.parse("2026-03-08T12:00:00Z"), h.asWindow(NY).nextOpening(Instant.parse("2026-03-08T05:00:00Z")).orElseThrow());
        assertEquals(Instant.parse("2026-03-07T13:00:00Z"), h.asWindow(NY).nextOpening(Instant.parse("2026-03-07T05:00:00Z")).orElseThrow());
    }

    @Test
    void localHoursAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new LocalHours(true, LocalTime.of(21, 0), LocalTime.of(8, 0)));
        assertThrows(IllegalArgumentException.class, () -> new LocalHours(true, LocalTime.of(8, 0), LocalTime.of(8, 0)));
        assertThrows(IllegalArgumentException.class, () -> new LocalHours(true, null, LocalTime.of(8, 0)));
        new LocalHours(false, LocalTime.of(21, 0), LocalTime.of(8, 0)); // disabled: not checked
    }

    /** Property: local hours agree with their window form, and its next opening is the first allowed instant. */
    @Test
    void localHoursAgreeWithTheirWindowEverywhere() {
        Random r = new Random(8_21);
        for (int i = 0; i < 20_000; i++) {
            ZoneId zone = ZoneId.of(ZONES.get(r.nextInt(ZONES.size())));
            Instant t = randomInstant(r, zone);
            LocalTime a = randomTime(r, zone, t);
            LocalTime b = randomTime(r, zone, t);
            if (a.equals(b)) b = a.plusMinutes(15);
            LocalHours h = new LocalHours(true, a.isBefore(b) ? a : b, a.isBefore(b) ? b : a);
            CallingWindow w = h.asWindow(zone);
            assertEquals(w.isOpen(t), h.allows(t, zone), () -> h + " in " + zone + " at " + t);
            Instant next = w.nextOpening(t).orElseThrow();
            assertTrue(h.allows(next, zone), () -> h + " in " + zone + ": not allowed at its next opening " + next);
            assertFirstOpening(w, t, next);
            for (Instant p = t; p.isBefore(next); p = p.plus(Duration.ofMinutes(15))) {
                Instant probe = p;
                assertFalse(h.allows(probe, zone), () -> h + " allows " + probe + " before " + next);
            }
        }
    }

    @Test
    void theOldNextOpeningMissedTheRepeatedHourSomewhereRandomlyToo() {
        // regression guard for the fall-back fix, over every zone with a DST overlap in 2026
        List<String> checked = new ArrayList<>();
        for (String id : ZONES) {
            ZoneId zone = ZoneId.of(id);
            ZoneOffsetTransition tr = zone.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
            while (tr != null && tr.getInstant().isBefore(Instant.parse("2027-01-01T00:00:00Z")) && !tr.isOverlap()) {
                tr = zone.getRules().nextTransition(tr.getInstant());
            }
            if (tr == null || !tr.isOverlap() || tr.getInstant().isAfter(Instant.parse("2027-01-01T00:00:00Z"))) continue;
            // the repeated local span is [after, before); a short window inside it opens twice
            LocalTime start = tr.getDateTimeAfter().toLocalTime().plusMinutes(5);
            if (tr.getDuration().abs().toMinutes() < 20) continue;
            CallingWindow w = new CallingWindow(zone, start, start.plusMinutes(10), null);
            Instant firstOpen = w.nextOpening(tr.getInstant().minus(tr.getDuration().abs())).orElseThrow();
            Instant afterFirst = firstOpen.plus(Duration.ofMinutes(12));
            Instant second = w.nextOpening(afterFirst).orElseThrow();
            assertEquals(firstOpen.plus(tr.getDuration().abs()), second, () -> id + ": the repeated window " + w);
            checked.add(id);
        }
        assertTrue(checked.size() > 50, "zones with a fall-back in 2026: " + checked.size());
    }
}
