package org.aava.dialer.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * UTC timestamps as fixed-width ISO-8601 text ({@code 2026-11-30T08:26:47.123Z}), so that string order is
 * time order in SQL. Every lead and attempt row carries several, so both directions are written out by
 * hand: {@code Instant.parse} and a {@code DateTimeFormatter} took about 1 µs each, a twentieth of a
 * one-lead lease. Text in any other ISO-8601 form still parses, through {@link Instant#parse}.
 */
public final class Timestamps {
    private static final int LENGTH = "2026-11-30T08:26:47.123Z".length();
    private static final int[] DIGIT_POSITIONS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22};
    /** Years outside 1-9999, which the fixed width cannot hold (or, for year 0 and before, the pattern writes as year of era). */
    private static final DateTimeFormatter WIDE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The instant to the millisecond (truncated), or null. */
    public static String format(Instant instant) {
        if (instant == null) return null;
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        if (date.getYear() < 1 || date.getYear() > 9999) return WIDE.format(instant);
        char[] out = new char[LENGTH];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        digits(out, 20, instant.getNano() / 1_000_000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    public static Instant parse(String text) {
        if (text == null || text.isBlank()) return null;
        if (isFixedWidth(text)) {
            long day = LocalDate.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2)).toEpochDay();
            int hour = number(text, 11, 2);
            int minute = number(text, 14, 2);
            int second = number(text, 17, 2);
            if (hour < 24 && minute < 60 && second < 60) {
                return Instant.ofEpochSecond(day * 86_400 + hour * 3600L + minute * 60L + second, number(text, 20, 3) * 1_000_000L);
            }
        }
        return Instant.parse(text);
    }

    private static boolean isFixedWidth(String t) {
        if (t.length() != LENGTH || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != 'Z') return false;
        for (int i : DIGIT_POSITIONS) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') return false;
        }
        return true;
    }

    private static int number(String text, int from, int width) {
        int n = 0;
        for (int i = from; i < from + width; i++) n = n * 10 + (text.charAt(i) - '0');
        return n;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
