package org.aava.dialer.core.time;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Hard limits on the called party's local time, applied on top of the campaign window (US rules:
 * no telemarketing before 8 am or after 9 pm at the called party's location).
 */
public record LocalHours(boolean enabled, LocalTime earliest, LocalTime latest) {

    public static final LocalHours DEFAULT = new LocalHours(true, LocalTime.of(8, 0), LocalTime.of(21, 0));
    public static final LocalHours OFF = new LocalHours(false, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public LocalHours {
        if (earliest == null || latest == null) throw new IllegalArgumentException("local hours need earliest and latest");
        if (enabled && !earliest.isBefore(latest)) {
            throw new IllegalArgumentException("local hours: earliest must be before latest");
        }
    }

    public boolean allows(Instant instant, ZoneId zone) {
        if (!enabled) return true;
        LocalTime t = LocalTime.ofInstant(instant, zone);
        return !t.isBefore(earliest) && t.isBefore(latest);
    }

    public CallingWindow asWindow(ZoneId zone) {
        return new CallingWindow(zone, earliest, latest, null);
    }
}
