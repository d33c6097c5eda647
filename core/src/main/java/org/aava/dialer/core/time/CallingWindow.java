package org.aava.dialer.core.time;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A daily calling window in an IANA zone, on some days of the week.
 * <ul>
 *   <li>{@code start < end}: open from start (inclusive) to end (exclusive) on each listed day.</li>
 *   <li>{@code start > end}: the window crosses midnight; it belongs to the day it starts on, so a
 *       Friday 22:00–02:00 window is open early Saturday even if Saturday is not listed.</li>
 *   <li>{@code start == end}: open all day on each listed day.</li>
 * </ul>
 * All arithmetic is on the local wall clock of the zone, so DST days are handled by java.time: a
 * window opening inside a DST gap opens at the first valid instant after it.
 */
public record CallingWindow(ZoneId zone, LocalTime start, LocalTime end, Set<DayOfWeek> days) {

    public CallingWindow {
        if (zone == null) throw new IllegalArgumentException("timezone is required");
        if (start == null || end == null) throw new IllegalArgumentException("window start and end are required");
        days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : Set.copyOf(days);
    }

    public boolean allDay() {
        return start.equals(end);
    }

    public boolean crossesMidnight() {
        return start.isAfter(end);
    }

    public boolean isOpen(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        LocalTime t = local.toLocalTime();
        DayOfWeek today = local.getDayOfWeek();
        if (allDay()) return days.contains(today);
        if (!crossesMidnight()) return days.contains(today) && !t.isBefore(start) && t.isBefore(end);
        if (!t.isBefore(start)) return days.contains(today);
        return t.isBefore(end) && days.contains(today.minus(1));
    }

    /** The first instant at or after {@code from} at which the window is open; empty only if no day is listed. */
    public Optional<Instant> nextOpening(Instant from) {
        if (isOpen(from)) return Optional.of(from);
        // The window opens when the local clock reaches the opening time (twice on a fall-back day when that
        // time is repeated) or when a UTC-offset transition makes the clock jump into the window.
        java.util.TreeSet<Instant> candidates = new java.util.TreeSet<>();
        LocalTime opening = allDay() ? LocalTime.MIDNIGHT : start;
        LocalDate date = LocalDate.ofInstant(from, zone).minusDays(1);
        for (int i = 0; i < 9; i++, date = date.plusDays(1)) {
            if (days.contains(date.getDayOfWeek())) candidates.addAll(openingInstants(date, opening));
        }
        Instant horizon = from.plus(java.time.Duration.ofDays(9));
        for (java.time.zone.ZoneOffsetTransition t = zone.getRules().nextTransition(from);
             t != null && t.getInstant().isBefore(horizon); t = zone.getRules().nextTransition(t.getInstant())) {
            candidates.add(t.getInstant());
        }
        for (Instant candidate : candidates) {
            if (candidate.isAfter(from) && isOpen(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /**
     * The instants the local opening time happens on a date: once normally, twice when a fall-back
     * repeats it. An opening inside a DST gap (02:30 on a spring-forward day) happens when the clock
     * jumps past it, at the transition, not 30 min later.
     */
    private java.util.List<Instant> openingInstants(LocalDate date, LocalTime opening) {
        LocalDateTime local = LocalDateTime.of(date, opening);
        java.time.zone.ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) return java.util.List.of(transition.getInstant());
        ZonedDateTime zoned = ZonedDateTime.of(local, zone);
        return java.util.List.of(zoned.withEarlierOffsetAtOverlap().toInstant(), zoned.withLaterOffsetAtOverlap().toInstant());
    }

    /** Parses {@code H:MM} or {@code HH:MM} (24 h clock), the form the API and CSV use. */
    public static LocalTime parseTime(String field, String value) {
        if (value == null || !value.trim().matches("([01]?\\d|2[0-3]):[0-5]\\d")) {
            throw new IllegalArgumentException(field + " must be a time like 09:00 (24 h clock), got '" + value + "'");
        }
        String[] parts = value.trim().split(":");
        return LocalTime.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** Parses an IANA zone name; abbreviations like "EST" and bare city names are refused. */
    public static ZoneId parseZone(String field, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " is required");
        String v = value.trim();
        if (!v.equals("UTC") && !v.contains("/")) {
            throw new IllegalArgumentException(field + " must be an IANA zone such as America/New_York, got '" + value + "'");
        }
        try {
            return ZoneId.of(v);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(field + " is not a known IANA zone: '" + value + "'");
        }
    }
}
