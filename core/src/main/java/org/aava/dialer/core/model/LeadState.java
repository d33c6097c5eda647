package org.aava.dialer.core.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where a lead stands. A lead is "live" while a call of it may exist in Asterisk. */
public enum LeadState {
    PENDING, LEASED, DIALING, AMD_PENDING, IN_PROGRESS, COMPLETED, FAILED, CANCELED, DNC;

    /** States in which a call for the lead may be live: never re-dial, recycle or delete these. */
    public static final Set<LeadState> LIVE = EnumSet.of(LEASED, DIALING, AMD_PENDING, IN_PROGRESS);
    /** States that keep a running campaign from completing. */
    public static final Set<LeadState> OPEN = EnumSet.of(PENDING, LEASED, DIALING, AMD_PENDING, IN_PROGRESS);

    public boolean isLive() {
        return LIVE.contains(this);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LeadState fromWire(String value) {
        if (value == null) throw new IllegalArgumentException("state is required");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown lead state '" + value + "'");
        }
    }
}
