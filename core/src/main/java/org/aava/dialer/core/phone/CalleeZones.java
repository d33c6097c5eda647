package org.aava.dialer.core.phone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The time zones a callee may be in, so calling hours hold where the callee lives: the lead's own
 * {@code timezone}, else the zones of its number (NANP: by area code; other countries: the country's zones),
 * else the campaign's. The prefix map is {@code phone-zones.txt}, generated from libphonenumber's geocoder
 * data by {@code etc/data/make-phone-zones.sh} (the geocoder artifact is not on Maven Central here).
 */
public final class CalleeZones {
    private static final String RESOURCE = "phone-zones.txt";

    private static final class Holder {
        static final CalleeZones DEFAULT = load();
    }

    private final Map<String, List<ZoneId>> byPrefix;
    private final int longest;

    CalleeZones(Map<String, List<ZoneId>> byPrefix) {
        this.byPrefix = Map.copyOf(byPrefix);
        this.longest = byPrefix.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    /** The map shipped in the core jar. */
    public static CalleeZones defaults() {
        return Holder.DEFAULT;
    }

    /**
     * The zones to check for a lead: every one must allow a call.
     *
     * @param leadTimezone the lead's {@code timezone} column, may be null or unknown (then ignored)
     * @param normalized   the stored number (E.164 or an extension)
     * @param campaignZone the campaign's zone, the fallback
     */
    public List<ZoneId> resolve(String leadTimezone, String normalized, ZoneId campaignZone) {
        if (leadTimezone != null && !leadTimezone.isBlank()) {
            try {
                return List.of(ZoneId.of(leadTimezone.strip()));
            } catch (DateTimeException e) {
                // an unknown zone in old data: fall through to the number's zones
            }
        }
        List<ZoneId> own = ofNumber(normalized);
        return own.isEmpty() ? List.of(campaignZone) : own;
    }

    /**
     * The zones of an E.164 number by its longest known prefix; empty for an extension or an unknown number.
     * A NANP number needs its area code to be known: the +1 country as a whole spans forty zones and says nothing.
     */
    public List<ZoneId> ofNumber(String normalized) {
        if (normalized == null || !normalized.startsWith("+")) return List.of();
        String digits = normalized.substring(1);
        int minimum = digits.startsWith("1") ? 4 : 1;
        for (int len = Math.min(longest, digits.length()); len >= minimum; len--) {
            List<ZoneId> zones = byPrefix.get(digits.substring(0, len));
            if (zones != null) return zones;
        }
        return List.of();
    }

    private static CalleeZones load() {
        try (InputStream in = CalleeZones.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " missing from the core jar");
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static CalleeZones parse(BufferedReader r) throws IOException {
        Map<String, List<ZoneId>> map = new HashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int bar = line.indexOf('|');
            List<ZoneId> zones = new ArrayList<>();
            for (String z : line.substring(bar + 1).split("&")) {
                try {
                    zones.add(ZoneId.of(z.strip()));
                } catch (DateTimeException e) {
                    // a zone this JDK does not know yet: the others still apply
                }
            }
            if (!zones.isEmpty()) map.put(line.substring(0, bar), List.copyOf(zones));
        }
        return new CalleeZones(map);
    }
}
