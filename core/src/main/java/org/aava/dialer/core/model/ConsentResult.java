package org.aava.dialer.core.model;

import java.util.Locale;

/** Result of the DTMF consent gate: 1 accepts, 2 denies, the opt-out key (9) opts out, anything else or nothing times out. */
public enum ConsentResult {
    ACCEPTED, DENIED, TIMEOUT, SKIPPED, OPTED_OUT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Lenient parse for values coming back from the dialplan; unknown or empty means skipped. */
    public static ConsentResult parse(String value) {
        if (value == null || value.isBlank()) return SKIPPED;
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return SKIPPED;
        }
    }
}
